package dev.hubbub.apphost.internal.manifest;

import dev.hubbub.apphost.CommandLineArgsAnnotation;
import dev.hubbub.apphost.Configuration;
import dev.hubbub.apphost.ConnectionPropertyAnnotation;
import dev.hubbub.apphost.ConnectionStringResource;
import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.EnvironmentAnnotation;
import dev.hubbub.apphost.ExecutableResource;
import dev.hubbub.apphost.ExternalEndpointsAnnotation;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ProcessResource;
import dev.hubbub.apphost.ProjectResource;
import dev.hubbub.apphost.ReferenceExpression;
import dev.hubbub.apphost.UriEncodedValue;
import dev.hubbub.apphost.redis.RedisResource;
import dev.hubbub.apphost.Resource;
import dev.hubbub.apphost.RoleAssignmentAnnotation;
import dev.hubbub.apphost.ValueProvider;
import dev.hubbub.apphost.azure.AzureOutputFormat;
import dev.hubbub.apphost.azure.AzureResourceInfrastructure;
import dev.hubbub.apphost.azure.AzureSignalRResource;
import dev.hubbub.apphost.azure.ExistingAzureResourceAnnotation;
import dev.hubbub.apphost.azure.ProvisioningParameter;
import dev.hubbub.apphost.internal.bicep.InfrastructureCompiler;
import dev.hubbub.apphost.internal.image.ContainerImageSettings;
import dev.hubbub.apphost.internal.publish.SignalRRoles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
    private final ContainerImageSettings images;
    private final AzureOutputFormat format;
    private final PortAllocator ports = new PortAllocator(8000);
    // Parameters the written values use, by name; those outside the model are written after it, as Aspire does.
    private final Map<String, ParameterResource> referenced = new LinkedHashMap<>();
    // Parameters used in URI-escaped form (Aspire's {p:uri}), each written as an annotated.string after its parameter.
    private final Map<ParameterResource, UriEncodedValue> uriEncoded = new LinkedHashMap<>();
    // Aspire 13.2's conditional expressions (name to resolved value), written last as value.v0 resources.
    private final Map<String, String> conditionals = new LinkedHashMap<>();

    private ManifestPublisher(Path outputDirectory, ContainerImageSettings images, AzureOutputFormat format) {
        this.outputDirectory = outputDirectory;
        this.images = images;
        this.format = format;
    }

    /**
     * Renders every file without writing it.
     *
     * @param resources resources in model order
     * @param outputDirectory directory the manifest is written to (relative paths start there)
     * @return file name to content, the manifest first
     */
    public static Map<String, String> render(List<Resource> resources, Path outputDirectory) {
        return render(resources, outputDirectory, ContainerImageSettings.from(Configuration.of(Map.of())));
    }

    /**
     * Renders every file without writing it.
     *
     * @param resources resources in model order
     * @param outputDirectory directory the manifest is written to (relative paths start there)
     * @param images how Java projects' images are named
     * @return file name to content, the manifest first
     */
    public static Map<String, String> render(List<Resource> resources, Path outputDirectory, ContainerImageSettings images) {
        return render(resources, outputDirectory, images, AzureOutputFormat.ASPIRE_9_1);
    }

    /**
     * Renders every file without writing it.
     *
     * @param resources resources in model order
     * @param outputDirectory directory the manifest is written to (relative paths start there)
     * @param images how Java projects' images are named
     * @param format the Aspire release to reproduce
     * @return file name to content, the manifest first
     */
    public static Map<String, String> render(List<Resource> resources, Path outputDirectory, ContainerImageSettings images,
            AzureOutputFormat format) {
        ManifestPublisher p = new ManifestPublisher(outputDirectory.toAbsolutePath().normalize(), images, format);
        Map<String, Object> entries = new LinkedHashMap<>();
        for (Resource r : resources) {
            Map<String, Object> entry = p.entry(r);
            if (entry != null) {
                entries.put(r.name(), entry);
                if (r instanceof ParameterResource param) {
                    p.writeUriEncoded(param, entries);
                }
            }
        }
        if (format == AzureOutputFormat.ASPIRE_13) {
            p.rolesModules(resources, entries);
        }
        p.writeReferenced(resources, entries);
        Map<String, Object> root = new LinkedHashMap<>();
        if (format == AzureOutputFormat.ASPIRE_9_1) {
            // Aspire 8.0-13.1 write it; 13.2 dropped it.
            root.put("$schema", SCHEMA);
        }
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
        return write(render(resources, outputDirectory), outputDirectory, manifestFileName);
    }

    /**
     * Writes rendered files into {@code outputDirectory}, the manifest under {@code manifestFileName}.
     *
     * @param rendered file name (may contain {@code /}) to content
     * @param outputDirectory target directory
     * @param manifestFileName manifest file name
     * @return the written paths
     */
    public static List<Path> write(Map<String, String> rendered, Path outputDirectory, String manifestFileName) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(outputDirectory);
            for (Map.Entry<String, String> f : rendered.entrySet()) {
                String name = f.getKey().equals(MANIFEST_FILE) ? manifestFileName : f.getKey();
                Path path = outputDirectory.resolve(name);
                Files.createDirectories(path.toAbsolutePath().resolveSibling("").normalize());
                Files.writeString(path, f.getValue(), StandardCharsets.UTF_8);
                written.add(path);
            }
        } catch (IOException e) {
            throw new DistributedApplicationException("Cannot write the manifest to '" + outputDirectory.toAbsolutePath()
                    + "': " + e.getMessage() + ". Check --output-path.", e);
        }
        return written;
    }

    /**
     * Aspire writes the parameters that values refer to but the model lacks (a generated {@code <name>-password})
     * after the model's resources, then the URI-escaped forms still pending, then 13.2's conditional expressions.
     */
    private void writeReferenced(List<Resource> resources, Map<String, Object> entries) {
        for (ParameterResource p : List.copyOf(referenced.values())) {
            if (resources.contains(p) || entries.containsKey(p.name())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "parameter.v0");
            parameter(p, m);
            entries.put(p.name(), m);
            writeUriEncoded(p, entries);
        }
        for (ParameterResource p : List.copyOf(uriEncoded.keySet())) {
            writeUriEncoded(p, entries);
        }
        conditionals.forEach((name, value) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "value.v0");
            m.put("connectionString", value);
            entries.put(name, m);
        });
    }

    private void writeUriEncoded(ParameterResource p, Map<String, Object> entries) {
        UriEncodedValue u = uriEncoded.remove(p);
        if (u != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "annotated.string");
            m.put("value", p.valueExpression());
            m.put("filter", "uri");
            entries.put(u.resourceName(), m);
        }
    }

    /** Records the parameters a written value uses. @return its manifest expression */
    private String expression(ValueProvider v) {
        note(v);
        return v.valueExpression();
    }

    private void note(ValueProvider v) {
        if (v instanceof ParameterResource p) {
            referenced.putIfAbsent(p.name(), p);
        } else if (v instanceof UriEncodedValue u) {
            referenced.putIfAbsent(u.parameter().name(), u.parameter());
            uriEncoded.putIfAbsent(u.parameter(), u);
        } else if (v instanceof ReferenceExpression x) {
            x.valueProviders().forEach(this::note);
        }
    }

    private @Nullable Map<String, Object> entry(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof RedisResource redis) {
            note(redis.connectionStringExpression());
            return RedisManifest.entry(redis, format, RedisManifest.bindings(redis, format), conditionals);
        } else if (r instanceof AzureSignalRResource s) {
            azure(s, m);
        } else if (r instanceof ConnectionStringResource c) {
            m.put("type", "parameter.v0");
            m.put("connectionString", c.connectionStringExpression().valueExpression());
            parameter(c, m);
        } else if (r instanceof ParameterResource p) {
            m.put("type", "parameter.v0");
            parameter(p, m);
        } else if (r instanceof ProjectResource p) {
            project(p, m);
        } else if (r instanceof ProcessResource p) {
            process(p, m);
        } else {
            return null;
        }
        return m;
    }

    /**
     * Aspire 9.2+ in manifest mode: one {@code <name>-roles} module per Azure SignalR resource, after the user's
     * resources, with empty principal parameters that the deployment tool (azd) fills with its identity.
     */
    private void rolesModules(List<Resource> resources, Map<String, Object> entries) {
        for (Resource r : resources) {
            if (r instanceof ProcessResource p && !p.annotations(RoleAssignmentAnnotation.class).isEmpty()) {
                throw new DistributedApplicationException("The application model does not support role assignments. "
                        + "Ensure you are using an environment that supports role assignments, for example "
                        + "--publisher azure (Azure Container Apps); resource '" + p.name() + "' calls withRoleAssignments.");
            }
        }
        for (Resource r : resources) {
            if (r instanceof AzureSignalRResource s) {
                String name = s.name() + "-roles";
                AzureResourceInfrastructure infra = SignalRRoles.global(s, SignalRRoles.defaults(s));
                String file = name + ".module.bicep";
                files.put(file, InfrastructureCompiler.toBicep(infra));
                Map<String, Object> m = new LinkedHashMap<>();
                ValueProvider rg = SignalRRoles.resourceGroup(s);
                m.put("type", rg != null ? "azure.bicep.v1" : "azure.bicep.v0");
                m.put("path", file);
                m.put("params", params(infra));
                if (rg != null) {
                    m.put("scope", Map.of("resourceGroup", rg.valueExpression()));
                }
                entries.put(name, m);
            }
        }
    }

    private static Map<String, Object> params(AzureResourceInfrastructure infra) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (ProvisioningParameter p : infra.getParameters()) {
            ValueProvider v = p.manifestValue();
            params.put(p.name(), v == null ? "" : v.valueExpression());
        }
        return params;
    }

    private void azure(AzureSignalRResource s, Map<String, Object> m) {
        AzureResourceInfrastructure infra = s.buildInfrastructure(format);
        String file = s.name() + ".module.bicep";
        files.put(file, InfrastructureCompiler.toBicep(infra));
        ExistingAzureResourceAnnotation existing = s.existing();
        ValueProvider scope = existing == null ? null : existing.resourceGroup();
        boolean scoped = scope != null;
        m.put("type", scoped ? "azure.bicep.v1" : "azure.bicep.v0");
        m.put("connectionString", s.connectionStringExpression().valueExpression());
        m.put("path", file);
        Map<String, Object> params = params(infra);
        if (!params.isEmpty()) {
            m.put("params", params);
        }
        if (scope != null) {
            m.put("scope", Map.of("resourceGroup", scope.valueExpression()));
        }
    }

    /**
     * Aspire's binding rules: an explicit target port is used as is, a missing one is allocated from 8000 up,
     * skipping every port used so far in the manifest; {@code port} is written only when it differs from the
     * target port.
     */
    private Map<String, Object> bindings(Resource r) {
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (EndpointAnnotation e : r.annotations(EndpointAnnotation.class)) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("scheme", e.scheme());
            b.put("protocol", "tcp");
            b.put("transport", "http");
            Integer explicitTarget = e.targetPort();
            int target = explicitTarget != null ? explicitTarget : ports.allocate();
            Integer port = e.port();
            if (port != null && port != target) {
                b.put("port", port);
                ports.markUsed(port);
            }
            ports.markUsed(target);
            b.put("targetPort", target);
            if (!r.annotations(ExternalEndpointsAnnotation.class).isEmpty()) {
                b.put("external", true);
            }
            bindings.put(e.name(), b);
        }
        return bindings;
    }

    private String relativePath(Path path) {
        String rel = outputDirectory.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
        return rel.isEmpty() ? "." : rel;
    }

    private static void parameter(ParameterResource p, Map<String, Object> m) {
        m.put("value", "{" + p.name() + ".inputs.value}");
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("type", "string");
        if (p.secret()) {
            input.put("secret", true);
        }
        if (p instanceof dev.hubbub.apphost.GeneratedParameterResource g) {
            // Aspire's GenerateParameterDefault: minLength, then only the switches that are not true.
            Map<String, Object> generate = new LinkedHashMap<>();
            generate.put("minLength", g.minLength());
            if (!g.special()) {
                generate.put("special", false);
            }
            input.put("default", Map.of("generate", generate));
        } else if (p.publishValueAsDefault() && p.defaultValue() != null) {
            input.put("default", Map.of("value", p.defaultValue().get()));
        }
        m.put("inputs", Map.of("value", input));
    }

    private void process(ProcessResource p, Map<String, Object> m) {
        m.put("type", "executable.v0");
        // Required by Aspire's schema; without one the process runs in the app host's directory.
        Path wd = p.workingDirectory();
        m.put("workingDirectory", relativePath(wd != null ? wd : Path.of("")));
        m.put("command", ((ExecutableResource) p).command());
        processBody(p, m);
    }

    /**
     * A Java project is its container image ({@code container.v0}: azd and other manifest tools deploy an image as
     * it is); {@code JavaImageBuilder} builds that image with Jib. The image's entrypoint runs the main class, so
     * {@code args} holds only the project's own arguments.
     */
    private void project(ProjectResource p, Map<String, Object> m) {
        m.put("type", "container.v0");
        m.put("image", images.imageReference(p.name()));
        processBody(p, m);
    }

    private void processBody(ProcessResource p, Map<String, Object> m) {
        List<Object> args = new ArrayList<>();
        for (CommandLineArgsAnnotation a : p.annotations(CommandLineArgsAnnotation.class)) {
            for (ValueProvider v : a.args()) {
                args.add(expression(v));
            }
        }
        if (!args.isEmpty()) {
            m.put("args", args);
        }
        // Endpoints first: env values such as {x.bindings.http.targetPort} need a target port.
        Map<String, Object> bindings = bindings(p);
        Map<String, Object> env = new LinkedHashMap<>();
        for (var a : p.annotations()) {
            if (a instanceof EnvironmentAnnotation e) {
                env.put(e.name(), expression(e.value()));
            } else if (a instanceof ConnectionPropertyAnnotation c && format == AzureOutputFormat.ASPIRE_13) {
                env.put(c.name(), expression(c.value()));
            }
        }
        if (!env.isEmpty()) {
            m.put("env", env);
        }
        if (!bindings.isEmpty()) {
            m.put("bindings", bindings);
        }
    }
}
