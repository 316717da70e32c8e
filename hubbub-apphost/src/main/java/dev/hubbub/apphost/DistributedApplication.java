package dev.hubbub.apphost;

import dev.hubbub.apphost.internal.config.ConfigurationLoader;
import dev.hubbub.apphost.internal.image.ContainerImageSettings;
import dev.hubbub.apphost.internal.image.ContainerImages;
import dev.hubbub.apphost.internal.manifest.ManifestPublisher;
import dev.hubbub.apphost.internal.publish.ContainerAppsPublisher;
import dev.hubbub.apphost.azure.AzureOutputFormat;
import java.util.Map;
import dev.hubbub.apphost.internal.run.Orchestrator;
import dev.hubbub.dashboard.DashboardOptions;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.hubbub.apphost.azure.AzureSignalRResource;
import dev.hubbub.apphost.internal.azure.AzureProvisioner;
import dev.hubbub.apphost.internal.azure.AzureProvisioningSettings;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A built application. {@link #run()} publishes (with {@code --publisher manifest --output-path DIR})
 * or starts every resource and blocks until Ctrl-C; {@link #start()} starts without blocking.
 */
public final class DistributedApplication {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedApplication.class);

    private final List<Resource> resources;
    private final Configuration configuration;
    private final DistributedApplicationExecutionContext executionContext;
    private final @Nullable TokenCredential azureCredential;

    DistributedApplication(List<Resource> resources, Configuration configuration,
            DistributedApplicationExecutionContext executionContext, @Nullable TokenCredential azureCredential) {
        this.resources = resources;
        this.configuration = configuration;
        this.executionContext = executionContext;
        this.azureCredential = azureCredential;
    }

    /**
     * Creates a builder from command-line arguments and the process's environment, system
     * properties and {@code ./appsettings.json}.
     *
     * @param args command-line arguments ({@code --key value}, {@code --publisher manifest --output-path DIR})
     * @return the builder
     */
    public static DistributedApplicationBuilder createBuilder(String... args) {
        return createBuilder(DistributedApplicationOptions.DEFAULTS.withArgs(args));
    }

    /** @param options configuration sources @return the builder */
    public static DistributedApplicationBuilder createBuilder(DistributedApplicationOptions options) {
        return new DistributedApplicationBuilder(options, ConfigurationLoader.load(options));
    }

    /** @return the resources in model order */
    public List<Resource> resources() {
        return resources;
    }

    /** @return the configuration */
    public Configuration configuration() {
        return configuration;
    }

    /** @return run or publish */
    public DistributedApplicationExecutionContext executionContext() {
        return executionContext;
    }

    /**
     * Publish mode: writes the manifest and Bicep modules to {@code Publishing:OutputPath}. Run
     * mode: starts everything and blocks until the JVM is asked to stop (Ctrl-C), then stops every
     * process.
     */
    public void run() {
        if (executionContext.isPublishMode()) {
            publish();
            return;
        }
        // start() registers a shutdown hook, so Ctrl-C stops every child before the JVM exits.
        try (RunningApplication app = start(dashboardOptions(true))) {
            LOG.info("Application started; press Ctrl-C to stop. States: {}", app.states());
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes {@code aspire-manifest.json} and the Bicep modules to the directory {@code Publishing:OutputPath}
     * ({@code --output-path}); a path ending in {@code .json} names the manifest file itself (azd's form)
     * and the modules go next to it. With {@code --container-images tar} (or {@code registry}) it then builds
     * each Java project's container image with Jib into {@code images/<name>.tar} (or pushes it).
     * {@code --output-format aspire-13} writes Aspire 13's manifest and modules instead of the seed's (9.1);
     * {@code --publisher azure} writes {@code main.bicep} and its modules for Azure Container Apps.
     *
     * @return the written files
     */
    public List<Path> publish() {
        String publisher = executionContext.publisherName().toLowerCase(java.util.Locale.ROOT);
        if (!publisher.equals("manifest") && !publisher.equals("azure")) {
            throw new DistributedApplicationException("Unknown publisher '" + executionContext.publisherName()
                    + "': use --publisher manifest (the Aspire manifest and Bicep modules) or --publisher azure "
                    + "(main.bicep for Azure Container Apps).");
        }
        String out = configuration.get("Publishing:OutputPath").orElseThrow(() -> new DistributedApplicationException(
                "No output path for the manifest: pass --output-path DIR together with --publisher manifest."));
        // azd passes the manifest file itself (--output-path ./aspire-manifest.json); Hubbub's own form is a directory.
        Path target = Path.of(out).toAbsolutePath().normalize();
        Path fileName = target.getFileName();
        Path parent = target.getParent();
        boolean isFile = fileName != null && parent != null
                && fileName.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        Path dir = isFile && parent != null ? parent : target;
        ContainerImageSettings images = ContainerImageSettings.from(configuration);
        AzureOutputFormat format = AzureOutputFormat.parse(configuration.get("Publishing:OutputFormat")
                .orElse(AzureOutputFormat.ASPIRE_9_1.id()));
        Map<String, String> rendered = publisher.equals("azure")
                ? ContainerAppsPublisher.render(resources, configuration.get("Publishing:ContainerAppEnvironment").orElse("env"),
                        images::imageReference)
                : ManifestPublisher.render(resources, dir, images, format);
        List<Path> written = new ArrayList<>(ManifestPublisher.write(rendered, dir,
                isFile && fileName != null ? fileName.toString() : ManifestPublisher.MANIFEST_FILE));
        LOG.info("Published manifest to {}: {}", dir.toAbsolutePath(),
                Arrays.toString(written.stream().map(p -> dir.relativize(p).toString()).toArray()));
        written.addAll(ContainerImages.build(resources, images, dir));
        return written;
    }

    /**
     * Starts every resource in run mode, honouring {@code waitFor}, and returns at once.
     *
     * @return the running application; close it to stop everything
     * @throws DistributedApplicationException in publish mode, or if a resource cannot run locally
     */
    public RunningApplication start() {
        if (executionContext.isPublishMode()) {
            throw new DistributedApplicationException("start() is for run mode; this app host is in publish mode "
                    + "(--publisher was given). Call run() or publish() instead.");
        }
        return start(dashboardOptions(false));
    }

    private RunningApplication start(@Nullable DashboardOptions dashboard) {
        if (executionContext.isPublishMode()) {
            throw new DistributedApplicationException("start() is for run mode; this app host is in publish mode "
                    + "(--publisher was given). Call run() or publish() instead.");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return Orchestrator.start(resources, System.out, loader != null ? loader : Orchestrator.class.getClassLoader(),
                azureProvisioner(), dashboard);
    }

    /**
     * The dashboard's settings: {@code Dashboard:Enabled} ({@code --Dashboard:Enabled false} turns it off; on by
     * default for {@link #run()}, off for {@link #start()}), {@code Dashboard:Port} (0, any free port, by default)
     * and {@code Dashboard:Token} (random by default).
     */
    private @Nullable DashboardOptions dashboardOptions(boolean enabledByDefault) {
        boolean enabled = configuration.get("Dashboard:Enabled").map(v -> Boolean.parseBoolean(v.trim()))
                .orElse(enabledByDefault);
        if (!enabled) {
            return null;
        }
        DashboardOptions options = DashboardOptions.DEFAULTS;
        String port = configuration.get("Dashboard:Port").orElse("0").trim();
        try {
            options = options.withPort(Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
            throw new DistributedApplicationException("Invalid Dashboard:Port '" + port + "': use a number from 0 to "
                    + "65535 (0: any free port), e.g. --Dashboard:Port 18888.", e);
        }
        return options.withToken(configuration.get("Dashboard:Token").orElse(null));
    }

    /** A provisioner when an Azure SignalR resource runs in Azure; its settings are checked before anything starts. */
    private @Nullable AzureProvisioner azureProvisioner() {
        AzureSignalRResource first = resources.stream().filter(AzureSignalRResource.class::isInstance)
                .map(AzureSignalRResource.class::cast).filter(s -> !s.isEmulator()).findFirst().orElse(null);
        if (first == null) {
            return null;
        }
        AzureProvisioningSettings settings = AzureProvisioningSettings.from(configuration, first.name(), appHostName());
        TokenCredential credential = azureCredential;
        if (credential == null) {
            DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
            if (settings.tenantId() != null) {
                b.tenantId(settings.tenantId());
            }
            credential = b.build();
        }
        return new AzureProvisioner(settings, credential);
    }

    private static String appHostName() {
        String line = System.getProperty("sun.java.command", "apphost");
        int space = line.indexOf(' ');
        String command = space < 0 ? line : line.substring(0, space);
        String simple = command.substring(command.lastIndexOf('.') + 1);
        return simple.isEmpty() ? "apphost" : simple;
    }
}
