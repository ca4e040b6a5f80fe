package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.inspect.Inspected;
import java.util.List;

/**
 * Finds one class of attack in single values. Implementations are immutable and thread-safe, and
 * their running time is linear in the length of the value (no backtracking regular expressions).
 *
 * <p>Every detector has the same shape: a final class with its {@link RuleTable} (the rules it can
 * report, each a constant) and {@link #inspect}. Scanning helpers shared by several detectors live
 * in {@link Chars} (character classes), {@link Text} (searching and skipping in a string), {@link
 * Keywords} (many keywords in one pass) and {@link FoundRules} (what one value matched so far).
 */
public interface Detector {

  /** The rules this detector may report; ids are unique across detectors. */
  RuleTable table();

  default AttackClass attackClass() {
    return table().attackClass();
  }

  /** Every rule this detector may report, in the order of its table. */
  default List<DetectionRule> rules() {
    return table().rules();
  }

  /**
   * What a value must hold for {@link #inspect} to report anything; {@link Gate#ALWAYS} unless the
   * detector declares needles. The engine skips the detector on values its gate keeps shut.
   */
  default Gate gate() {
    return Gate.ALWAYS;
  }

  /**
   * Inspects one value and reports every rule that matched it. Must not throw on any input
   * (arbitrary text, invalid surrogates, megabytes); it may stop early once a critical rule hit.
   */
  void inspect(Inspected value, Hits hits);

  /**
   * Inspects like {@link #inspect} and returns the number of scanning steps taken, so that tests
   * can bound the work on hostile input; -1 from detectors that do not count their steps (tests
   * then bound their time instead).
   */
  default long inspectCounting(Inspected value, Hits hits) {
    inspect(value, hits);
    return -1;
  }

  /** Cuts {@code s} around {@code at} to at most 64 characters, for a finding's snippet. */
  static String snippet(String s, int at) {
    int from = Math.max(0, Math.min(at, s.length()) - 16);
    int to = Math.min(s.length(), from + 64);
    return s.substring(from, to);
  }
}
