package dev.hubbub.apphost;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Java application: a main class run in its own JVM with the app host's classpath (or its own, see
 * {@link #classpath()}). Hubbub's counterpart of Aspire's {@code AddProject<T>}. In publish mode it is a
 * container image built with Jib ({@code container.v0} in the manifest).
 */
public final class ProjectResource extends ProcessResource {

    private final String mainClassName;
    // Null: the app host's own classpath. Written while the model is built, read by run-mode and publish threads.
    private volatile @Nullable List<Path> classpath;

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

    /** @return the classpath entries (jars and directories), or null for the app host's own classpath */
    public @Nullable List<Path> classpath() {
        return classpath;
    }

    /** @param entries jars and class directories, or null for the app host's own classpath */
    public void setClasspath(@Nullable List<Path> entries) {
        this.classpath = entries == null ? null : List.copyOf(entries);
    }
}
