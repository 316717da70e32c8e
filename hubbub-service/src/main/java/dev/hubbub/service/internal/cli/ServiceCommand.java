package dev.hubbub.service.internal.cli;

import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar hubbub-service.jar}: the command line, compatible with Azure SignalR's
 * {@code asrs-emulator} ({@code start [-p port] [-i ip] [-c config]}, {@code upstream init [-o dir]},
 * {@code upstream list [-c config]}) and with its error texts.
 */
@Command(name = "hubbub-service", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "The local SignalR service: a wire-compatible Azure SignalR Service for development and tests.",
    subcommands = {StartCommand.class, UpstreamCommand.class})
public final class ServiceCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Entry point of the service jar. */
  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "hubbub-service-logback.xml");
    }
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line with the given output streams and returns the exit code. {@code start} returns only
   * when the JVM shuts down (Ctrl+C, SIGTERM); see {@link #execute(String[], PrintWriter, PrintWriter,
   * CompletableFuture)} to stop it from code.
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, new CompletableFuture<>());
  }

  /**
   * Runs the command line; a running {@code start} also stops, closing the service and returning 0, when
   * {@code stop} completes. For tests and for hosts that run the command in-process.
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, CompletableFuture<Void> stop) {
    CommandLine cli = new CommandLine(new ServiceCommand());
    CommandLine start = java.util.Objects.requireNonNull(cli.getSubcommands().get("start"), "the start command");
    ((StartCommand) start.getCommand()).stop = stop;
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("Specify --help for a list of available options and commands.");
      err.println("Error starting emulator: " + describe(e));
      return 1;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      err.println("Error starting emulator: " + e.getMessage());
      return 1;
    });
    return cli.execute(args);
  }

  private static String describe(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      return first.startsWith("-") ? "Unrecognized option '" + first + "'." : "Unrecognized command or argument '" + first + "'.";
    }
    return String.valueOf(e.getMessage());
  }
}
