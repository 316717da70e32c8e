package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.redis.RedisResource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How run mode starts a Redis resource: {@code redis-server -}, the configuration written to its standard input so
 * that the password is neither on the command line ({@code ps}) nor in a file. Nothing is persisted: no RDB
 * snapshots, no append-only file, and the working directory is a temporary one.
 *
 * @param executable the {@code redis-server} found on the PATH
 */
record RedisServerCommand(Path executable) {

    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.");

    /**
     * Finds {@code redis-server} in {@code searchPath}.
     *
     * @param resource the resource, for the message
     * @param searchPath the PATH to search ({@code File.pathSeparator}-separated), or null for none
     * @return the command
     * @throws DistributedApplicationException naming the packages to install when it is missing
     */
    static RedisServerCommand locate(RedisResource resource, @Nullable String searchPath) {
        if (searchPath != null) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new RedisServerCommand(candidate);
                }
            }
        }
        throw new DistributedApplicationException("Redis resource '" + resource.name() + "' runs redis-server in run mode, "
                + "and there is no redis-server on the PATH (" + (searchPath == null ? "PATH is not set" : "PATH=" + searchPath)
                + "). Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or add "
                + "its directory to the PATH.");
    }

    /** @return the command line: the configuration comes on standard input */
    List<String> command() {
        return List.of(executable.toString(), "-");
    }

    /**
     * The configuration file's text.
     *
     * @param port the port
     * @param password the password
     * @param dir the working directory
     * @param optionalIpv6 whether to also listen on {@code ::1} when the machine has it (Redis 7+ only)
     */
    static String config(int port, String password, Path dir, boolean optionalIpv6) {
        for (int i = 0; i < password.length(); i++) {
            if (Character.isISOControl(password.charAt(i))) {
                throw new DistributedApplicationException("The Redis password holds a control character (at index " + i
                        + "), which redis.conf cannot carry: choose another password.");
            }
        }
        // "localhost" in the connection string may resolve to ::1 first; "-::1" is skipped where IPv6 is off.
        return "bind 127.0.0.1" + (optionalIpv6 ? " -::1" : "") + "\n"
                + "port " + port + "\n"
                + "protected-mode yes\n"
                + "requirepass " + quote(password) + "\n"
                + "save \"\"\n"
                + "appendonly no\n"
                + "dir " + quote(dir.toAbsolutePath().toString()) + "\n";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Makes the temporary working directory and the configuration for one start.
     *
     * @param resource resource name, in the directory's name
     * @param port the port
     * @param password the password
     * @return what to start with
     * @throws IOException if the directory cannot be made
     */
    Launch prepare(String resource, int port, String password) throws IOException {
        Path dir = Files.createTempDirectory("hubbub-redis-" + resource + "-");
        try {
            byte[] stdin = config(port, password, dir, majorVersion() >= 7).getBytes(StandardCharsets.UTF_8);
            return new Launch(dir, stdin, port, password);
        } catch (DistributedApplicationException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** One start of redis-server: its working directory, its configuration and how to check it. */
    static final class Launch {
        private final Path dir;
        private final byte[] stdin;
        private final int port;
        private final String password;

        private Launch(Path dir, byte[] stdin, int port, String password) {
            this.dir = dir;
            this.stdin = stdin;
            this.port = port;
            this.password = password;
        }

        Path directory() {
            return dir;
        }

        /** @return the configuration, for the process's standard input */
        byte[] stdin() {
            return stdin.clone();
        }

        int port() {
            return port;
        }

        /** @return whether AUTH and PING answer PONG within a second */
        boolean healthy() {
            try {
                return RedisPing.ping("127.0.0.1", port, password, java.time.Duration.ofSeconds(1)).equals("PONG");
            } catch (IOException e) {
                return false;
            }
        }

        /** Deletes the working directory (after the server exited). */
        void deleteDirectory() {
            deleteQuietly(dir);
        }

        /** Without the password or the configuration that holds it. */
        @Override
        public String toString() {
            return "Launch[port=" + port + ", dir=" + dir + "]";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a leftover empty temporary directory; nothing to report
        }
    }

    /** @return the major version from {@code redis-server --version}, or 0 when it cannot be told */
    int majorVersion() {
        try {
            Process p = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            Matcher m = VERSION.matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
