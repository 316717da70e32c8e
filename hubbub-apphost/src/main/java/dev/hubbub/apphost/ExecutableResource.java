package dev.hubbub.apphost;

import java.util.Objects;

/** An executable (any program on the PATH or by path), added with {@code addExecutable}. */
public final class ExecutableResource extends ProcessResource {

    private final String command;

    /**
     * @param name resource name
     * @param command program to run, e.g. {@code node}
     */
    public ExecutableResource(String name, String command) {
        super(name);
        this.command = Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("Executable '" + name + "' has a blank command: pass a program name or path.");
        }
    }

    /** @return the program to run */
    public String command() {
        return command;
    }
}
