package dev.hubbub.apphost;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** A resource run as a local operating-system process in run mode. */
public abstract class ProcessResource extends ResourceBase {

    private volatile @Nullable Path workingDirectory;

    /** @param name resource name */
    protected ProcessResource(String name) {
        super(name);
    }

    /** @return the working directory, or null for the app host's */
    public @Nullable Path workingDirectory() {
        return workingDirectory;
    }

    /** @param workingDirectory the working directory, or null for the app host's */
    public void setWorkingDirectory(@Nullable Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }
}
