package dev.hubbub.service.internal.cli;

import dev.hubbub.service.upstream.UpstreamSettings;
import dev.hubbub.service.upstream.UpstreamTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code upstream init} and {@code upstream list}. */
@Command(name = "upstream", description = "To init/list the upstream options", mixinStandardHelpOptions = true,
    subcommands = {UpstreamCommand.Init.class, UpstreamCommand.ListTemplates.class})
final class UpstreamCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "init", mixinStandardHelpOptions = true, description = "Init the default upstream options into a"
      + " settings.json config. Use -o to specify the folder to export the default settings.")
  static final class Init implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, description = "Specify the folder to init the upstream settings file.")
    Path output;

    @Override
    public Integer call() throws IOException {
      Path folder = output == null ? Path.of("") : output;
      Files.createDirectories(folder.toAbsolutePath());
      Path file = folder.resolve(UpstreamSettings.FILE_NAME).toAbsolutePath();
      if (Files.exists(file)) {
        spec.commandLine().getOut().println("Already contains '" + file
            + "', still want to override it with the default one? (N/y)");
        spec.commandLine().getOut().flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
          return 0;
        }
      }
      Files.writeString(file, UpstreamSettings.DEFAULT.toJson() + System.lineSeparator(), StandardCharsets.UTF_8);
      spec.commandLine().getOut().println("Exported default settings to '" + file + "'.");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List current upstream options. Use -c to specify the folder or file to read the settings.")
  static final class ListTemplates implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, description = "Specify the upstream settings file to load from.")
    Path config;

    @Override
    public Integer call() throws IOException {
      Path file = UpstreamSettings.resolve(config == null ? Path.of(UpstreamSettings.FILE_NAME) : config);
      UpstreamSettings settings = UpstreamSettings.read(file);
      var out = spec.commandLine().getOut();
      out.println("Loaded upstream settings from '" + file + "'");
      print(out, settings.templates());
      return 0;
    }
  }

  static void print(java.io.PrintWriter out, List<UpstreamTemplate> templates) {
    if (templates.isEmpty()) {
      out.println("No upstream is set yet. Use 'upstream init' to create default upstreams.");
      return;
    }
    out.println("Current Upstream Settings:");
    for (int i = 0; i < templates.size(); i++) {
      out.println("[" + i + "]" + templates.get(i));
    }
  }
}
