package ai.traceable.tme.engine.inspect;

import java.util.function.LongSupplier;

/**
 * How long one evaluation may run: a deadline on a monotonic nanosecond clock. Stages ask {@link
 * #over()} between steps (between stages, every few values), never in an inner loop, so a budget
 * costs one clock read per question. Once over, it stays over without reading the clock again.
 *
 * <p>Not thread-safe; one per evaluation. {@link #NONE} is shared and never over.
 */
public final class TimeBudget {
  /** No limit: {@link #over()} is always false and reads no clock. */
  public static final TimeBudget NONE = new TimeBudget(0, null);

  private final long deadlineNanos;
  private final LongSupplier clock;
  private boolean over;

  private TimeBudget(long deadlineNanos, LongSupplier clock) {
    this.deadlineNanos = deadlineNanos;
    this.clock = clock;
  }

  /** A budget that ends at {@code deadlineNanos} on {@link System#nanoTime()}. */
  public static TimeBudget until(long deadlineNanos) {
    return new TimeBudget(deadlineNanos, System::nanoTime);
  }

  /** A budget that ends at {@code deadlineNanos} on {@code clock} (tests move the clock). */
  public static TimeBudget until(long deadlineNanos, LongSupplier clock) {
    return new TimeBudget(deadlineNanos, clock);
  }

  /** Whether the deadline has passed; reads the clock until it has. */
  public boolean over() {
    if (over) {
      return true;
    }
    if (clock == null) {
      return false;
    }
    // difference, not comparison: nanoTime values may wrap
    if (clock.getAsLong() - deadlineNanos >= 0) {
      over = true;
    }
    return over;
  }

  /** Whether an earlier {@link #over()} found the deadline passed; reads no clock. */
  public boolean exhausted() {
    return over;
  }
}
