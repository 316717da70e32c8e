package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.ResourceAnnotation;
import org.jspecify.annotations.Nullable;

/**
 * The PATH a resource's program is looked up in: the app host's configuration's {@code PATH} (its environment
 * unless the options replace it), so that a test can give one without redis-server.
 *
 * @param path {@code File.pathSeparator}-separated directories, or null when there is none
 */
public record ExecutableSearchPath(@Nullable String path) implements ResourceAnnotation {
}
