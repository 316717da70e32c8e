package dev.hubbub.service.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current upstream settings, reloaded when their file changes ("hot-loaded", as the emulator says).
 *
 * <p>The file is checked once per interval by its modification time and size, on a scheduler the caller
 * owns. A file that becomes invalid is reported once and the last good settings stay in force; a file that
 * disappears leaves the settings as they were.
 */
public final class UpstreamSettingsSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpstreamSettingsSource.class);

  private final @Nullable Path file;
  private volatile UpstreamSettings current;
  private @Nullable ScheduledFuture<?> watch;
  // Touched only by the watch task.
  private @Nullable FileTime seenTime;
  private long seenSize = -1;
  private volatile @Nullable String lastError;

  private UpstreamSettingsSource(@Nullable Path file, UpstreamSettings initial) {
    this.file = file;
    this.current = initial;
  }

  /** Fixed settings that never change. */
  public static UpstreamSettingsSource fixed(UpstreamSettings settings) {
    return new UpstreamSettingsSource(null, Objects.requireNonNull(settings));
  }

  /**
   * Settings read from {@code file} now, then watched.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is not valid settings
   */
  public static UpstreamSettingsSource watching(Path file, ScheduledExecutorService scheduler, long intervalMillis)
      throws IOException {
    UpstreamSettingsSource source = new UpstreamSettingsSource(file, UpstreamSettings.NONE);
    source.current = UpstreamSettings.read(file);
    source.remember();
    source.watch = scheduler.scheduleWithFixedDelay(source::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    return source;
  }

  /** The settings in force. */
  public UpstreamSettings current() {
    return current;
  }

  /** Why the last reload failed, or null when the file in force is the file on disk. */
  public @Nullable String lastError() {
    return lastError;
  }

  /** The watched file, if any. */
  public @Nullable Path file() {
    return file;
  }

  private void remember() throws IOException {
    Path file = watched();
    seenTime = Files.getLastModifiedTime(file);
    seenSize = Files.size(file);
  }

  private Path watched() {
    Path f = file;
    if (f == null) {
      throw new IllegalStateException("fixed upstream settings are not watched");
    }
    return f;
  }

  private void check() {
    Path file = watched();
    try {
      if (!Files.isRegularFile(file)) {
        return;
      }
      FileTime time = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      if (time.equals(seenTime) && size == seenSize) {
        return;
      }
      seenTime = time;
      seenSize = size;
      current = UpstreamSettings.read(file);
      lastError = null;
      log.info("Reloaded upstream settings from '{}': {} template(s)", file, current.templates().size());
    } catch (IOException | IllegalArgumentException e) {
      String message = e.getMessage();
      if (!Objects.equals(message, lastError)) {
        lastError = message;
        log.error("Upstream settings in '{}' were not reloaded, the previous settings stay in force: {}", file, message);
      }
    }
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.cancel(false);
    }
  }
}
