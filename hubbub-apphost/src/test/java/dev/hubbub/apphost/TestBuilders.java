package dev.hubbub.apphost;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builders isolated from the machine's environment, system properties and settings files. */
final class TestBuilders {
    private TestBuilders() {
    }

    static DistributedApplicationOptions options(Map<String, String> env, String... args) {
        return new DistributedApplicationOptions(List.of(args), env, Map.of(), Path.of("does-not-exist.json"));
    }

    static DistributedApplicationBuilder run(Map<String, String> env) {
        return DistributedApplication.createBuilder(options(env));
    }

    static DistributedApplicationBuilder run() {
        return run(Map.of());
    }

    static DistributedApplicationBuilder publish() {
        return DistributedApplication.createBuilder(options(Map.of(), "--publisher", "manifest", "--output-path", "unused"));
    }
}
