package dev.hubbub.apphost;

import java.util.List;

/**
 * Arguments appended to a process resource's command line.
 *
 * @param args deferred arguments
 */
public record CommandLineArgsAnnotation(List<ValueProvider> args) implements ResourceAnnotation {
    /** Copies the list. */
    public CommandLineArgsAnnotation {
        args = List.copyOf(args);
    }
}
