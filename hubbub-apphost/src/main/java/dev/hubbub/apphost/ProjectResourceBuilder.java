package dev.hubbub.apphost;

/** Builder for a {@link ProjectResource} (a Java main class in its own JVM). */
public final class ProjectResourceBuilder extends ProcessResourceBuilder<ProjectResource, ProjectResourceBuilder> {
    ProjectResourceBuilder(DistributedApplicationBuilder applicationBuilder, ProjectResource resource) {
        super(applicationBuilder, resource);
    }
}
