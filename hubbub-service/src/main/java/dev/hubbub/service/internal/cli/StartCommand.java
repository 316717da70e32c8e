package dev.hubbub.service.internal.cli;

import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.service.upstream.UpstreamSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code start}: runs the service until Ctrl+C (SIGINT) or SIGTERM. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "To start the emulator.")
final class StartCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-p", "--port"}, description = "Specify the port to use.", defaultValue = "8888")
  String port;

  @Option(names = {"-i", "--ip"}, description = "Specify the IP address to use.")
  String ip;

  @Option(names = {"-c", "--config"}, description = "Specify the upstream settings file to load from.")
  Path config;

  @Option(names = {"-m", "--mode"}, description = "Service mode: Serverless (default), Default or Classic.",
      defaultValue = "Serverless")
  String mode;

  @Option(names = {"--redis"}, paramLabel = "URI", defaultValue = "${env:HUBBUB_REDIS}",
      description = "Join the nodes that share this Redis (redis://[:password@]host:port); "
          + "default: the HUBBUB_REDIS environment variable, else run alone.")
  String redis;

  /** Completing it stops the service as a shutdown would; set by {@link ServiceCommand#execute}. */
  CompletableFuture<Void> stop = new CompletableFuture<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServiceOptions.Builder options = ServiceOptions.builder();
    try {
      int p = Integer.parseInt(port.trim());
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      options.port(p);
    } catch (NumberFormatException e) {
      err.println("Invalid port value: " + port);
      return 1;
    }
    if (ip != null) {
      try {
        InetAddress.getByName(ip);
        if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
          throw new UnknownHostException(ip);
        }
      } catch (UnknownHostException e) {
        err.println("Invalid IP address value: " + ip);
        return 1;
      }
      options.host(ip);
    }
    try {
      options.mode(ServiceMode.parse(mode));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 1;
    }
    Path settingsFile = null;
    try {
      if (config != null) {
        settingsFile = UpstreamSettings.resolve(config);
      } else if (Files.isRegularFile(Path.of(UpstreamSettings.FILE_NAME))) {
        settingsFile = Path.of(UpstreamSettings.FILE_NAME);
      }
    } catch (IOException e) {
      err.println(e.getMessage());
      return 1;
    }
    options.upstreamSettingsFile(settingsFile);
    if (redis != null && !redis.isBlank()) {
      try {
        options.backplane(redis.trim());
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return 1;
      }
    }

    HubbubService service;
    try {
      service = HubbubService.start(options.build());
    } catch (IOException | RuntimeException e) {
      err.println("Error starting emulator: " + e.getMessage());
      return 1;
    }
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    Thread hook = new Thread(() -> {
      service.close();
      stopped.complete(null);
    }, "hubbub-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stop.thenRun(() -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        return; // the hook runs anyway
      }
      service.close();
      stopped.complete(null);
    });

    if (settingsFile != null) {
      out.println("Loaded settings from '" + settingsFile.toAbsolutePath()
          + "'. Changes to the settings file will be hot-loaded into the emulator.");
      UpstreamCommand.print(out, UpstreamSettings.read(settingsFile).templates());
    } else {
      UpstreamCommand.print(out, java.util.List.of());
    }
    out.println("===================================================");
    out.println("The Hubbub SignalR service was successfully started (" + service.options().mode().name()
        .charAt(0) + service.options().mode().name().substring(1).toLowerCase(java.util.Locale.ROOT) + " mode).");
    out.println();
    out.println("Press Ctrl+C to stop the service.");
    out.println();
    out.println("  TIPS: Use the below value inside *********** block as its ConnectionString:");
    out.println();
    out.println("***********");
    out.println();
    out.println(service.connectionString());
    out.println();
    out.println("***********");
    out.println();
    out.println("===================================================");
    out.flush();
    stopped.join();
    return 0;
  }
}
