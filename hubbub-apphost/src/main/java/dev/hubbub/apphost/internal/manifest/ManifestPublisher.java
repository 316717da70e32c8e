package dev.hubbub.apphost.internal.manifest;

import org.jspecify.annotations.Nullable;
import dev.hubbub.apphost.CommandLineArgsAnnotation;
import dev.hubbub.apphost.ConnectionStringResource;
import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.EnvironmentAnnotation;
import dev.hubbub.apphost.ExecutableResource;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ProcessResource;
import dev.hubbub.apphost.ProjectResource;
import dev.hubbub.apphost.Resource;
import dev.hubbub.apphost.ValueProvider;
import dev.hubbub.apphost.azure.AzureResourceInfrastructure;
import dev.hubbub.apphost.azure.AzureSignalRResource;
import dev.hubbub.apphost.azure.ExistingAzureResourceAnnotation;
import dev.hubbub.apphost.azure.ProvisioningParameter;
import dev.hubbub.apphost.internal.bicep.InfrastructureCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code aspire-manifest.json} (Aspire 9.1 format) and one {@code <name>.module.bicep} per
 * Azure resource.
 */
public final class ManifestPublisher {

    /** Manifest file name. */
    public static final String MANIFEST_FILE = "aspire-manifest.json";
    private static final String SCHEMA = "https://json.schemastore.org/aspire-8.0.json";

    private final Map<String, String> files = new LinkedHashMap<>();
    private final Path outputDirectory;
    private int nextTargetPort = 8000;

    private ManifestPublisher(Path outputDirectory) {
        this.outputDirectory = outputDirectory;
    }

    /**
     * Renders every file without writing it.
     *
     * @param resources resources in model order
     * @param outputDirectory directory the manifest is written to (relative paths start there)
     * @return file name to content, the manifest first
     */
    public static Map<String, String> render(List<Resource> resources, Path outputDirectory) {
        ManifestPublisher p = new ManifestPublisher(outputDirectory.toAbsolutePath().normalize());
        Map<String, Object> entries = new LinkedHashMap<>();
        for (Resource r : resources) {
            Map<String, Object> entry = p.entry(r);
            if (entry != null) {
                entries.put(r.name(), entry);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", SCHEMA);
        root.put("resources", entries);
        Map<String, String> out = new LinkedHashMap<>();
        out.put(MANIFEST_FILE, JsonWriter.write(root));
        out.putAll(p.files);
        return out;
    }

    /**
     * Renders and writes every file into {@code outputDirectory}, creating it if needed.
     *
     * @param resources resources in model order
     * @param outputDirectory target directory
     * @return the written paths
     */
    public static List<Path> publish(List<Resource> resources, Path outputDirectory) {
        return publish(resources, outputDirectory, MANIFEST_FILE);
    }

    /**
     * Renders and writes every file into {@code outputDirectory}, the manifest under {@code manifestFileName}.
     *
     * @param resources resources in model order
     * @param outputDirectory target directory
     * @param manifestFileName manifest file name, e.g. {@code aspire-manifest.json}
     * @return the written paths
     */
    public static List<Path> publish(List<Resource> resources, Path outputDirectory, String manifestFileName) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(outputDirectory);
            for (Map.Entry<String, String> f : render(resources, outputDirectory).entrySet()) {
                String name = f.getKey().equals(MANIFEST_FILE) ? manifestFileName : f.getKey();
                Path path = outputDirectory.resolve(name);
                Files.writeString(path, f.getValue(), StandardCharsets.UTF_8);
                written.add(path);
            }
        } catch (IOException e) {
            throw new DistributedApplicationException("Cannot write the manifest to '" + outputDirectory.toAbsolutePath()
                    + "': " + e.getMessage() + ". Check --output-path.", e);
        }
        return written;
    }

    private @Nullable Map<String, Object> entry(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof AzureSignalRResource s) {
            azure(s, m);
        } else if (r instanceof ConnectionStringResource c) {
            m.put("type", "parameter.v0");
            m.put("connectionString", c.connectionStringExpression().valueExpression());
            parameter(c, m);
        } else if (r instanceof ParameterResource p) {
            m.put("type", "parameter.v0");
            parameter(p, m);
        } else if (r instanceof ProcessResource p) {
            process(p, m);
        } else {
            return null;
        }
        return m;
    }

    private void azure(AzureSignalRResource s, Map<String, Object> m) {
        AzureResourceInfrastructure infra = s.buildInfrastructure();
        String file = s.name() + ".module.bicep";
        files.put(file, InfrastructureCompiler.toBicep(infra));
        ExistingAzureResourceAnnotation existing = s.existing();
        var resourceGroup = existing == null ? null : existing.resourceGroup();
        boolean scoped = resourceGroup != null;
        m.put("type", scoped ? "azure.bicep.v1" : "azure.bicep.v0");
        m.put("connectionString", s.connectionStringExpression().valueExpression());
        m.put("path", file);
        Map<String, Object> params = new LinkedHashMap<>();
        for (ProvisioningParameter p : infra.getParameters()) {
            params.put(p.name(), p.manifestValue() == null ? "" : p.manifestValue().valueExpression());
        }
        if (!params.isEmpty()) {
            m.put("params", params);
        }
        if (resourceGroup != null) {
            m.put("scope", Map.of("resourceGroup", resourceGroup.valueExpression()));
        }
    }

    private static void parameter(ParameterResource p, Map<String, Object> m) {
        m.put("value", "{" + p.name() + ".inputs.value}");
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("type", "string");
        if (p.secret()) {
            input.put("secret", true);
        }
        if (p.publishValueAsDefault() && p.defaultValue() != null) {
            input.put("default", Map.of("value", p.defaultValue().get()));
        }
        m.put("inputs", Map.of("value", input));
    }

    private void process(ProcessResource p, Map<String, Object> m) {
        m.put("type", "executable.v0");
        if (p.workingDirectory() != null) {
            Path wd = p.workingDirectory().toAbsolutePath().normalize();
            m.put("workingDirectory", outputDirectory.relativize(wd).toString().replace('\\', '/'));
        }
        List<Object> args = new ArrayList<>();
        if (p instanceof ProjectResource project) {
            m.put("command", "java");
            args.add(project.mainClassName());
        } else {
            m.put("command", ((ExecutableResource) p).command());
        }
        for (CommandLineArgsAnnotation a : p.annotations(CommandLineArgsAnnotation.class)) {
            for (ValueProvider v : a.args()) {
                args.add(v.valueExpression());
            }
        }
        if (!args.isEmpty()) {
            m.put("args", args);
        }
        // Endpoints first: env values such as {x.bindings.http.targetPort} need a target port.
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (EndpointAnnotation e : p.annotations(EndpointAnnotation.class)) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("scheme", e.scheme());
            b.put("protocol", "tcp");
            b.put("transport", "http");
            if (e.port() != null) {
                b.put("port", e.port());
            }
            int target = e.targetPort() != null ? e.targetPort() : nextTargetPort++;
            b.put("targetPort", target);
            bindings.put(e.name(), b);
        }
        Map<String, Object> env = new LinkedHashMap<>();
        for (EnvironmentAnnotation e : p.annotations(EnvironmentAnnotation.class)) {
            env.put(e.name(), e.value().valueExpression());
        }
        if (!env.isEmpty()) {
            m.put("env", env);
        }
        if (!bindings.isEmpty()) {
            m.put("bindings", bindings);
        }
    }
}
