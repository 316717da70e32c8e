package dev.hubbub.apphost.internal.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One child process: started with its environment, its output streamed with a {@code [name]}
 * prefix, its descendants remembered so that none survives {@link #stop}.
 */
final class ManagedProcess {

    private final ResourceTracker tracker;
    private final PrintStream console;
    // Every descendant ever seen: a grandchild outlives its parent's exit as an orphan otherwise.
    private final Set<ProcessHandle> descendants = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Process process;
    private volatile boolean stopping;
    private final List<Thread> pumps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final OutputListener listener;

    /** Gets every line a child prints (on its pump threads). */
    interface OutputListener {
        /** @param resource the resource @param stream stdout or stderr @param line the line, unprefixed */
        void line(String resource, String stream, String line);
    }

    ManagedProcess(ResourceTracker tracker, PrintStream console) {
        this(tracker, console, (r, s, l) -> { });
    }

    ManagedProcess(ResourceTracker tracker, PrintStream console, OutputListener listener) {
        this.tracker = tracker;
        this.console = console;
        this.listener = listener;
    }

    Process start(List<String> command, Map<String, String> environment, @Nullable Path workingDirectory) throws IOException {
        return start(command, environment, workingDirectory, new byte[0]);
    }

    /** Starts the process, writes {@code stdin} to it and closes its input (how a secret reaches it unseen by ps). */
    Process start(List<String> command, Map<String, String> environment, @Nullable Path workingDirectory, byte[] stdin)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException exited) {
            // the process ended before reading its input: its exit code and output tell why
        }
        process = p;
        String name = tracker.resource().name();
        pump(p.getInputStream(), name, "stdout");
        pump(p.getErrorStream(), name, "stderr");
        return p;
    }

    private void pump(InputStream in, String name, String stream) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String prefixed = "[" + name + "] " + line;
                    tracker.log(prefixed);
                    console.println(prefixed);
                    listener.line(name, stream, line);
                }
            } catch (IOException closed) {
                // the process ended or was killed: nothing more to read
            }
        }, "hubbub-" + name + "-" + stream);
        t.setDaemon(true);
        pumps.add(t);
        t.start();
    }

    /** Waits for the output of an ended process to be fully read. */
    void awaitOutput(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : pumps) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    boolean isStopping() {
        return stopping;
    }

    void recordDescendants() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(descendants::add);
        }
    }

    Set<ProcessHandle> knownDescendants() {
        return descendants;
    }

    /** Destroys the process and every descendant seen; forcibly after {@code grace}. */
    void stop(Duration grace) {
        stopping = true;
        recordDescendants();
        Process p = process;
        if (p != null) {
            p.destroy();
        }
        descendants.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            if (p != null) {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            for (ProcessHandle d : descendants) {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    d.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ignored) {
                    // forced below
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            if (p != null) {
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
