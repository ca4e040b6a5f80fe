package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.inspect.Inspected;
import java.util.List;

/**
 * Finds one class of attack in single values. Implementations are immutable and thread-safe, and
 * their running time is linear in the length of the value (no backtracking regular expressions).
 */
public interface Detector {

  AttackClass attackClass();

  /** Every rule this detector may report; ids are unique across detectors. */
  List<DetectionRule> rules();

  /**
   * Inspects one value and reports every rule that matched it. Must not throw on any input
   * (arbitrary text, invalid surrogates, megabytes); it may stop early once a critical rule hit.
   */
  void inspect(Inspected value, Hits hits);

  /** Cuts {@code s} around {@code at} to at most 64 characters, for a finding's snippet. */
  static String snippet(String s, int at) {
    int from = Math.max(0, Math.min(at, s.length()) - 16);
    int to = Math.min(s.length(), from + 64);
    return s.substring(from, to);
  }
}
