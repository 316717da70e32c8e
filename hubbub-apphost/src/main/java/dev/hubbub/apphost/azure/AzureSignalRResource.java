package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.EndpointReference;
import dev.hubbub.apphost.ReferenceExpression;
import dev.hubbub.apphost.ResourceBase;
import dev.hubbub.apphost.ResourceWithConnectionString;
import dev.hubbub.apphost.internal.bicep.BicepNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An Azure SignalR Service: provisioned from a Bicep module in publish mode, or run as the local
 * emulator ({@code runAsEmulator}) in run mode.
 */
public final class AzureSignalRResource extends ResourceBase implements ResourceWithConnectionString {

    /** The fixed access key of the emulator, as in Azure's emulator. */
    public static final String EMULATOR_ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    /** Name of the emulator's endpoint. */
    public static final String EMULATOR_ENDPOINT_NAME = "emulator";

    private final AzureSignalRServiceMode serviceMode;
    // Provisioned outputs (run mode), filled by the provisioner's thread, read by dependants' threads.
    private final Map<String, String> outputs = new ConcurrentHashMap<>();
    // The emulator's nodes (run mode), set when it starts; read by dependants' threads.
    private volatile List<String> nodeEndpoints = List.of();
    // How many withReference calls named this resource: the next one gets node (count % replicas) + 1.
    private final java.util.concurrent.atomic.AtomicInteger references = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param name resource name
     * @param serviceMode service mode
     */
    public AzureSignalRResource(String name, AzureSignalRServiceMode serviceMode) {
        super(name);
        this.serviceMode = Objects.requireNonNull(serviceMode, "serviceMode");
    }

    /** @return the service mode */
    public AzureSignalRServiceMode serviceMode() {
        return serviceMode;
    }

    /** @return the identifier of the service in Bicep ({@code test-signalr} becomes {@code test_signalr}) */
    public String bicepIdentifier() {
        return BicepNames.normalizeIdentifier(name());
    }

    /** @return true if {@code runAsEmulator} applied (run mode only) */
    public boolean isEmulator() {
        return !annotations(EmulatorAnnotation.class).isEmpty();
    }

    /** @return the last existing-resource annotation, or null for a new resource */
    public @Nullable ExistingAzureResourceAnnotation existing() {
        List<ExistingAzureResourceAnnotation> all = annotations(ExistingAzureResourceAnnotation.class);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** @return the {@code hostName} output */
    public BicepOutputReference hostName() {
        return new BicepOutputReference("hostName", this);
    }

    /** @return the {@code name} output (Aspire 9.2+; written by the {@code aspire-13} format) */
    public BicepOutputReference nameOutput() {
        return new BicepOutputReference("name", this);
    }

    /**
     * {@code https://{name.outputs.hostName}}, or the emulator's URL: the {@code Uri} connection property
     * (Aspire 13.1+), injected by {@code withReference} as {@code <NAME>_URI}.
     *
     * @return the expression
     */
    public ReferenceExpression uriExpression() {
        EndpointAnnotation emulator = emulatorEndpoint();
        if (isEmulator() && emulator != null) {
            return ReferenceExpression.builder().value(new EndpointReference(this, emulator, "url")).build();
        }
        return ReferenceExpression.builder().literal("https://").value(hostName()).build();
    }

    @Override
    public Map<String, dev.hubbub.apphost.ValueProvider> connectionProperties() {
        return Map.of("Uri", uriExpression());
    }

    /** @return the emulator endpoint, or null when not an emulator */
    public @Nullable EndpointAnnotation emulatorEndpoint() {
        return annotations(EndpointAnnotation.class).stream()
                .filter(e -> e.name().equals(EMULATOR_ENDPOINT_NAME)).reduce((a, b) -> b).orElse(null);
    }

    /** How many service nodes the emulator runs as (1 unless {@code withReplicas}). */
    public int emulatorReplicas() {
        return annotations(EmulatorReplicasAnnotation.class).stream().findFirst()
                .map(EmulatorReplicasAnnotation::replicas).orElse(1);
    }

    /** The Redis the emulator's nodes share, or null. */
    public dev.hubbub.apphost.redis.@Nullable RedisResource emulatorBackplane() {
        return annotations(EmulatorReplicasAnnotation.class).stream().findFirst()
                .map(EmulatorReplicasAnnotation::backplane).orElse(null);
    }

    /**
     * The base URLs of the emulator's running nodes, the first one the {@code emulator} endpoint's; empty before
     * the emulator runs. Set by run mode.
     */
    public List<String> emulatorNodeEndpoints() {
        return List.copyOf(nodeEndpoints);
    }

    /** Run mode: the emulator's nodes are listening at these base URLs (node 1 first). */
    public void setEmulatorNodeEndpoints(List<String> endpoints) {
        nodeEndpoints = List.copyOf(endpoints);
    }

    /**
     * Each {@code withReference} of an emulator with replicas gets the next node in turn; in the manifest the
     * reference stays {@code {name.connectionString}}.
     */
    @Override
    public dev.hubbub.apphost.ValueProvider connectionStringReference() {
        return new dev.hubbub.apphost.ConnectionStringReference(this, references.getAndIncrement());
    }

    @Override
    public String connectionStringValue(int referenceIndex) {
        List<String> nodes = nodeEndpoints;
        if (nodes.size() > 1) {
            return "Endpoint=" + nodes.get(referenceIndex % nodes.size()) + ";AccessKey=" + EMULATOR_ACCESS_KEY
                    + ";Version=1.0;";
        }
        return connectionStringExpression().value();
    }

    /**
     * {@code Endpoint=https://{name.outputs.hostName};AuthType=azure}, or for the emulator
     * {@code Endpoint={name.bindings.emulator.url};AccessKey=...;Version=1.0;}.
     */
    @Override
    public ReferenceExpression connectionStringExpression() {
        EndpointAnnotation emulator = emulatorEndpoint();
        if (isEmulator() && emulator != null) {
            return ReferenceExpression.builder().literal("Endpoint=")
                    .value(new EndpointReference(this, emulator, "url"))
                    .literal(";AccessKey=" + EMULATOR_ACCESS_KEY + ";Version=1.0;").build();
        }
        return ReferenceExpression.builder().literal("Endpoint=https://").value(hostName())
                .literal(";AuthType=azure").build();
    }

    /**
     * Runs every {@code configureInfrastructure} step (defaults first) on a fresh infrastructure.
     *
     * @return the configured infrastructure
     */
    public AzureResourceInfrastructure buildInfrastructure() {
        return buildInfrastructure(AzureOutputFormat.ASPIRE_9_1);
    }

    /**
     * Runs every {@code configureInfrastructure} step (defaults of {@code format} first) on a fresh infrastructure.
     *
     * @param format the Aspire release whose defaults apply
     * @return the configured infrastructure
     */
    public AzureResourceInfrastructure buildInfrastructure(AzureOutputFormat format) {
        AzureResourceInfrastructure infra = new AzureResourceInfrastructure(this, bicepIdentifier(), format);
        for (InfrastructureCallbackAnnotation step : annotations(InfrastructureCallbackAnnotation.class)) {
            step.callback().accept(infra);
        }
        return infra;
    }

    Map<String, String> outputs() {
        return outputs;
    }

    /**
     * Records the outputs of the resource's deployment (run mode; called by the app host's provisioning).
     *
     * @param provisioned output name to value, e.g. {@code hostName}
     */
    public void setProvisionedOutputs(Map<String, String> provisioned) {
        outputs.putAll(provisioned);
    }
}
