package ai.traceable.tme.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets at most a set number of log lines through per time window, so that an event repeating at
 * request rate (an attack, a broken rule, an agent that stays down) cannot flood the log. What it
 * holds back is counted, weighted as the caller says, so the next line let through can report it
 * ({@link #takeHeldBack}).
 *
 * <p>A window opens with the first line asked for after the previous window ended, not on a fixed
 * grid, so after a quiet spell the next line always goes through. Time comes from an injected
 * monotonic clock in nanoseconds, so tests move it by hand.
 *
 * <p>Thread-safe and lock-free, cheap enough to ask on every event. When threads race at the very
 * start of a window, a line more than the limit may pass; the count of what was held back is exact.
 */
public final class LogThrottle {
  private final int lines;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong windowStart;
  private final AtomicInteger used = new AtomicInteger();
  private final AtomicLong heldBack = new AtomicLong();

  /**
   * @param lines lines let through per window, at least 1
   * @param window how long a window lasts, positive
   * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime} outside tests)
   */
  public LogThrottle(int lines, Duration window, LongSupplier nanoClock) {
    if (lines < 1) {
      throw new IllegalArgumentException("a log throttle lets at least one line through: " + lines);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a log throttle's window must be positive: " + window);
    }
    this.lines = lines;
    this.windowNanos = window.toNanos();
    this.nanoClock = nanoClock;
    this.windowStart = new AtomicLong(nanoClock.getAsLong());
  }

  /** One line per {@code interval}. */
  public static LogThrottle onePer(Duration interval, LongSupplier nanoClock) {
    return new LogThrottle(1, interval, nanoClock);
  }

  /** Whether a line may be written now; a line held back counts 1. */
  public boolean tryAcquire() {
    return tryAcquire(1);
  }

  /**
   * Whether a line may be written now.
   *
   * @param weight what the line stands for (for example the records it reports lost), added to the
   *     held-back count when the line is held back
   */
  public boolean tryAcquire(long weight) {
    long now = nanoClock.getAsLong();
    long start = windowStart.get();
    if (now - start >= windowNanos && windowStart.compareAndSet(start, now)) {
      used.set(0);
    }
    // read before incrementing, so a flood does not count past the limit for a whole window
    if (used.get() < lines && used.incrementAndGet() <= lines) {
      return true;
    }
    heldBack.addAndGet(weight);
    return false;
  }

  /** The weight held back since the previous call (or since the start); resets it to zero. */
  public long takeHeldBack() {
    return heldBack.getAndSet(0);
  }
}
