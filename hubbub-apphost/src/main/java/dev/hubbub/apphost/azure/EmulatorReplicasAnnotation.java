package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.ResourceAnnotation;
import dev.hubbub.apphost.redis.RedisResource;
import org.jspecify.annotations.Nullable;

/**
 * The emulator runs as {@code replicas} service nodes that share {@code backplane} (run mode only).
 *
 * @param replicas how many nodes, 1 to 16
 * @param backplane the Redis the nodes share; required when {@code replicas} is above 1
 */
public record EmulatorReplicasAnnotation(int replicas, @Nullable RedisResource backplane) implements ResourceAnnotation {

    /** Validates. */
    public EmulatorReplicasAnnotation {
        if (replicas < 1 || replicas > 16) {
            throw new IllegalArgumentException("An emulator runs as 1 to 16 replicas, not " + replicas);
        }
    }
}
