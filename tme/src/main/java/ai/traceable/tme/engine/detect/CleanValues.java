package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;

/**
 * Values that every detector has already inspected and found nothing in. Real traffic repeats
 * values all the time (the same user agent, accept headers, consent cookies, popular paths), and
 * detectors are pure functions of a value and its place, so a value seen clean once is clean again
 * for the same rule set; skipping it saves most of the inspection work on ordinary requests.
 *
 * <p>A fixed-size, direct-mapped table: each value hashes to one slot and replaces what was there,
 * so memory is bounded whatever the traffic, and an attacker filling the table only evicts entries
 * (costing time, never correctness). Only values with no finding at all are stored; a value that
 * matched anything is always inspected again. Thread-safe without locks: slots hold immutable
 * entries, and a lost race is a cache miss.
 */
final class CleanValues {
  /** Values longer than this are not cached: they are rare and their comparison is not free. */
  static final int MAX_LENGTH = 1024;

  private record Entry(Placement placement, String name, String raw) {}

  private final Entry[] slots;
  private final int mask;

  CleanValues(int size) {
    int n = Integer.highestOneBit(Math.max(16, size - 1)) << 1;
    this.slots = new Entry[n];
    this.mask = n - 1;
  }

  boolean contains(Inspected value) {
    if (value.raw().length() > MAX_LENGTH) {
      return false;
    }
    Entry e = slots[index(value)];
    return e != null
        && e.placement == value.placement()
        && e.raw.equals(value.raw())
        && e.name.equals(value.name());
  }

  void add(Inspected value) {
    if (value.raw().length() <= MAX_LENGTH) {
      slots[index(value)] = new Entry(value.placement(), value.name(), value.raw());
    }
  }

  private int index(Inspected value) {
    int h = value.raw().hashCode() * 31 + value.name().hashCode() + value.placement().ordinal();
    return (h ^ (h >>> 16)) & mask;
  }
}
