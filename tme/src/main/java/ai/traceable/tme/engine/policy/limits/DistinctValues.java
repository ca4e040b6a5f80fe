package ai.traceable.tme.engine.policy.limits;

import java.util.Arrays;

/**
 * The distinct values one key sent within the current window of an enumeration rule, as 64-bit
 * digests. Holds at most {@code limit + 1} of them: once over the limit, further values change
 * nothing until the window ends. Thread-safe (synchronized; contention is per key).
 */
final class DistinctValues {
  private final long[] seen;
  private int count;
  private long windowStart;
  private boolean started;

  DistinctValues(int limit) {
    this.seen = new long[limit + 1];
  }

  /**
   * Records a value seen at {@code now}; returns whether the key is over the limit in the current
   * window (a window starts with the first value after the previous one ended).
   */
  synchronized boolean add(long digest, long now, long periodNanos) {
    if (!started || now - windowStart >= periodNanos) {
      started = true;
      windowStart = now;
      count = 0;
    }
    if (count == seen.length) {
      return true;
    }
    for (int i = 0; i < count; i++) {
      if (seen[i] == digest) {
        return false;
      }
    }
    seen[count++] = digest;
    return count == seen.length;
  }

  /** Memory is bounded by the limit, not by what clients send. */
  synchronized int size() {
    return count;
  }

  @Override
  public synchronized String toString() {
    return "DistinctValues" + Arrays.toString(Arrays.copyOf(seen, count));
  }
}
