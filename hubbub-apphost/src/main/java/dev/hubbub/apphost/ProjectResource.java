package dev.hubbub.apphost;

import java.util.Objects;

/**
 * A Java application: a main class run in its own JVM with the app host's classpath. Hubbub's
 * counterpart of Aspire's {@code AddProject<T>}.
 */
public final class ProjectResource extends ProcessResource {

    private final String mainClassName;

    /**
     * @param name resource name
     * @param mainClassName fully qualified main class
     */
    public ProjectResource(String name, String mainClassName) {
        super(name);
        this.mainClassName = Objects.requireNonNull(mainClassName, "mainClassName");
    }

    /** @return the fully qualified main class */
    public String mainClassName() {
        return mainClassName;
    }
}
