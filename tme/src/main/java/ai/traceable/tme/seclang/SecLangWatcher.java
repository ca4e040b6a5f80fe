package ai.traceable.tme.seclang;

import ai.traceable.tme.engine.seclang.parse.SecLangSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads SecLang rules when any file of the loaded configuration changes, or a glob matches other
 * files. Files are polled and hashed, as tme's rules watcher does (it follows ConfigMap updates
 * through symlinks, where file events do not fire). A configuration that fails to load is logged
 * with its {@code file:line} and counted; the rules in force stay, and the same broken content is
 * not reported again until it changes. A file of the configuration in force that is now empty
 * counts as such a failure too: an empty file is valid SecLang, but one that had rules and has none
 * is far more likely cut short by a writer than meant (tme's own rules file refuses empty content
 * as well); to drop a file's rules, leave a comment in it or take it out of {@code
 * tme.seclang.rules}. Thread-safe; one daemon thread per watcher.
 */
public final class SecLangWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SecLangWatcher.class);

  private final Consumer<SecLangRules> onReload;
  private final ScheduledExecutorService timer;
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private SecLangRules inForce;
  private String lastSeen;
  private List<Path> withContent;

  /**
   * @param loaded the rules loaded at start-up
   * @param onReload receives each newly loaded configuration, on the watcher's thread
   */
  public SecLangWatcher(SecLangRules loaded, Consumer<SecLangRules> onReload) {
    this.inForce = loaded;
    this.lastSeen = loaded.version();
    this.withContent = withContent(loaded.filesRead());
    this.onReload = onReload;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tme-seclang-watcher");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts polling every {@code interval}. */
  public SecLangWatcher start(Duration interval) {
    long ms = Math.max(1, interval.toMillis());
    timer.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Checks the files once; called by the timer, and directly by tests. */
  public synchronized void poll() {
    String now = SecLangRules.digest(inForce.patterns(), inForce.filesRead());
    if (now.equals(lastSeen)) {
      return;
    }
    lastSeen = now;
    SecLangRules next;
    try {
      refuseEmptied(withContent);
      next = SecLangRules.load(inForce.patterns(), inForce.profile());
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn(
          "SecLang reload failed, version {} stays in force: {}",
          inForce.version(),
          e.getMessage());
      return;
    }
    onReload.accept(next);
    inForce = next;
    lastSeen = next.version();
    withContent = withContent(next.filesRead());
    reloads.incrementAndGet();
    log.info(
        "SecLang rules reloaded: version {} ({} rules from {} files, profile {})",
        next.version(),
        next.ruleCount(),
        next.filesRead().size(),
        next.profile().label());
  }

  /** The files that are not empty, of those read for a configuration. */
  private static List<Path> withContent(List<Path> files) {
    return files.stream()
        .filter(
            f -> {
              try {
                return Files.size(f) > 0;
              } catch (IOException e) {
                return false;
              }
            })
        .toList();
  }

  /** Throws when a file that had content in the configuration in force is now empty. */
  private static void refuseEmptied(List<Path> hadContent) {
    for (Path file : hadContent) {
      try {
        if (Files.size(file) == 0) {
          throw new SecLangSyntaxException(file + ": the file is empty");
        }
      } catch (IOException e) {
        // gone or unreadable: the load names it
      }
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

  /** The version in force. */
  public synchronized String version() {
    return inForce.version();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
