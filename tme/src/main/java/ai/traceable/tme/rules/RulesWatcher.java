package ai.traceable.tme.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a rules file and hands every valid new version to a consumer. The file is polled and its
 * content hash compared, which works the same on every file system. In particular it follows the
 * kubelet's update of a mounted ConfigMap: the path is a symlink through {@code ..data}, which is
 * swapped atomically to a new directory, so neither the path nor (necessarily) the size or
 * modification time of what it points to changes; file events on the path do not fire either.
 *
 * <p>A file that fails to load is logged with its problem and counted; the rules in force stay, and
 * the same broken content is not reported again until it changes. A file that cannot be read
 * (deleted, or its key dropped from the ConfigMap) is logged and counted once, the rules in force
 * stay, and it is followed again once it reappears. Thread-safe; one daemon thread per watcher.
 */
public final class RulesWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RulesWatcher.class);

  private final Path file;
  private final Consumer<RuleSet> onReload;
  private final ScheduledExecutorService timer;
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile String version;
  private byte[] lastDigest;
  private boolean unreadable;

  /**
   * @param loaded the rules loaded at start-up from {@code file}
   * @param onReload receives each newly loaded rule set, on the watcher's thread
   */
  public RulesWatcher(Path file, RuleSet loaded, Consumer<RuleSet> onReload) {
    this.file = file;
    this.onReload = onReload;
    this.version = loaded.version();
    this.lastDigest = digest(readOrNull(file));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tme-rules-watcher");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts polling every {@code interval}. */
  public RulesWatcher start(Duration interval) {
    long ms = Math.max(1, interval.toMillis());
    timer.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Checks the file once; called by the timer, and directly by tests. */
  public synchronized void poll() {
    try {
      byte[] content = read();
      if (content == null) {
        return;
      }
      byte[] d = digest(content);
      if (Arrays.equals(d, lastDigest)) {
        return;
      }
      lastDigest = d;
      RuleSet next;
      try {
        // parse the bytes already read: reading the file again could see yet another version
        next =
            content.length > RulesLoader.MAX_FILE_BYTES
                ? RulesLoader.load(file)
                : RulesLoader.parse(content, file.toString());
      } catch (RulesException e) {
        failures.incrementAndGet();
        log.warn("rules reload failed, version {} stays in force: {}", version, e.getMessage());
        return;
      }
      onReload.accept(next);
      version = next.version();
      reloads.incrementAndGet();
      log.info(
          "rules reloaded from {}: version {} ({} lists and rules, {} detection rules)",
          file,
          next.version(),
          next.size(),
          next.detection().rules().size());
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn("rules reload failed, version {} stays in force: {}", version, e.toString());
    }
  }

  /** Successful reloads since start. */
  public long reloads() {
    return reloads.get();
  }

  /** Failed reloads since start. */
  public long failures() {
    return failures.get();
  }

  /** The version of the rules in force. */
  public String version() {
    return version;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /**
   * The file's bytes, or null while it cannot be read; the first failed read after a good one is
   * logged and counted.
   */
  private byte[] read() {
    try {
      byte[] content = Files.readAllBytes(file);
      if (unreadable) {
        unreadable = false;
        log.info("rules file {} can be read again", file);
      }
      return content;
    } catch (IOException e) {
      if (!unreadable) {
        unreadable = true;
        failures.incrementAndGet();
        log.warn("rules file {} cannot be read, version {} stays in force: {}", file, version, e);
      }
      return null;
    }
  }

  private static byte[] readOrNull(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] digest(byte[] content) {
    if (content == null) {
      return null;
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      return Arrays.copyOf(content, Math.min(content.length, 4096));
    }
  }
}
