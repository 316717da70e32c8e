package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.CommandLineArgsAnnotation;
import dev.hubbub.apphost.EnvironmentAnnotation;
import dev.hubbub.apphost.ExecutableResource;
import dev.hubbub.apphost.ProcessResource;
import dev.hubbub.apphost.ProjectResource;
import dev.hubbub.apphost.ValueProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved command line and environment of a process resource. Resolving reads every deferred
 * value live, so it throws (e.g. a missing connection string) before anything is started.
 *
 * @param command program and arguments
 * @param environment variables added to the app host's environment
 */
record ProcessSpec(List<String> command, Map<String, String> environment) {

    static ProcessSpec resolve(ProcessResource p) {
        return resolve(p, Map.of());
    }

    /** @param p the resource @param defaults variables set first (the dashboard's OTLP ones), the resource's own win */
    static ProcessSpec resolve(ProcessResource p, Map<String, String> defaults) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OTEL_SERVICE_NAME", p.name());
        env.putAll(defaults);
        for (var a : p.annotations()) {
            if (a instanceof EnvironmentAnnotation e) {
                env.put(e.name(), e.value().value());
            } else if (a instanceof dev.hubbub.apphost.ConnectionPropertyAnnotation c) {
                env.put(c.name(), c.value().value());
            }
        }
        List<String> command = new ArrayList<>();
        if (p instanceof ProjectResource project) {
            // Same JVM binary and classpath as the app host: a project is a main class of this build.
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-cp");
            List<Path> own = project.classpath();
            command.add(own == null ? System.getProperty("java.class.path")
                    : String.join(java.io.File.pathSeparator, own.stream().map(Path::toString).toList()));
            command.add(project.mainClassName());
        } else {
            command.add(((ExecutableResource) p).command());
        }
        for (CommandLineArgsAnnotation a : p.annotations(CommandLineArgsAnnotation.class)) {
            for (ValueProvider v : a.args()) {
                command.add(v.value());
            }
        }
        return new ProcessSpec(List.copyOf(command), env);
    }
}
