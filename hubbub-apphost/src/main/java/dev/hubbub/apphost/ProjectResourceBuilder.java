package dev.hubbub.apphost;

/** Builder for a {@link ProjectResource} (a Java main class in its own JVM). */
public final class ProjectResourceBuilder extends ProcessResourceBuilder<ProjectResource, ProjectResourceBuilder> {
    ProjectResourceBuilder(DistributedApplicationBuilder applicationBuilder, ProjectResource resource) {
        super(applicationBuilder, resource);
    }

    /**
     * Runs the main class with these classpath entries instead of the app host's own classpath, in run mode
     * and in the container image built for publishing.
     *
     * @param entries jars and class directories, in classpath order
     * @return this builder
     * @throws IllegalArgumentException if no entry is given
     */
    public ProjectResourceBuilder withClasspath(java.nio.file.Path... entries) {
        if (entries.length == 0) {
            throw new IllegalArgumentException("Project '" + resource().name()
                    + "' got an empty classpath: pass at least one jar or class directory.");
        }
        resource().setClasspath(java.util.Arrays.stream(entries)
                .map(e -> java.util.Objects.requireNonNull(e, "entry").toAbsolutePath().normalize()).toList());
        return this;
    }
}
