package ai.traceable.tme.engine.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Literal markers of a detector's rules, found in one pass: each marker is a lower-case ASCII
 * needle tied to the rule it signals and, where the needle alone is not enough, a check of its
 * surroundings (a call parenthesis after it, a word boundary before it). The needles are compiled
 * into one {@link Keywords} automaton, so a value is read once whatever the number of markers, and
 * the checks only run where a needle occurs. Immutable and thread-safe once built.
 */
public final class Markers {
  /** Decides whether a needle found at {@code [start, end)} of {@code text} counts. */
  @FunctionalInterface
  public interface Check {
    boolean test(String text, int start, int end);
  }

  /** A needle that counts wherever it occurs. */
  public static final Check ANYWHERE = (text, start, end) -> true;

  private final Keywords keywords;
  private final List<String> needles;
  private final DetectionRule[] rules;
  private final Check[] checks;

  private Markers(List<String> needles, List<DetectionRule> rules, List<Check> checks) {
    this.keywords = Keywords.ignoringAsciiCase(needles.toArray(new String[0]));
    this.needles = List.copyOf(needles);
    this.rules = rules.toArray(new DetectionRule[0]);
    this.checks = checks.toArray(new Check[0]);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records in {@code found} every rule with a marker in {@code text} whose check passes; stops at
   * the first critical rule. {@code text} may be in any ASCII case.
   */
  public void scan(String text, FoundRules found) {
    keywords.scan(
        text,
        0,
        text.length(),
        (k, start, end) -> {
          if (checks[k].test(text, start, end)) {
            found.record(rules[k], text, start);
            return !found.critical();
          }
          return true;
        });
  }

  /** The needles, lower case, for a detector's {@link Gate}. */
  public List<String> needles() {
    return needles;
  }

  /** Whether any marker occurs in {@code text}, checks aside: a cheap gate. */
  public boolean any(String text) {
    return keywords.containsAny(text);
  }

  // ---- checks shared by the detectors ----

  /** The needle is followed, after blanks, by an opening parenthesis or a backtick. */
  public static final Check CALL = (text, start, end) -> isCall(text, end);

  /** The needle does not continue a longer identifier on its left. */
  public static final Check WORD_START = (text, start, end) -> wordStart(text, start);

  /** The needle starts a word and is called. */
  public static final Check WORD_CALL =
      (text, start, end) -> wordStart(text, start) && isCall(text, end);

  /** Whether {@code text[at]}, after blanks, opens a call: {@code (} or a tagged template. */
  public static boolean isCall(String text, int at) {
    int i = Text.skipBlanks(text, at, 8);
    char c = Text.charAt(text, i);
    return c == '(' || c == '`';
  }

  /** Whether the character before {@code at} is not part of an identifier. */
  public static boolean wordStart(String text, int at) {
    if (at == 0) {
      return true;
    }
    char c = text.charAt(at - 1);
    return !(Chars.isAsciiAlnum(c) || c == '_' || c == '$');
  }

  /** Collects markers; used once, while a detector class initialises. */
  public static final class Builder {
    private final List<String> needles = new ArrayList<>();
    private final List<DetectionRule> rules = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    private Builder() {}

    /** Adds needles (lower case) that signal {@code rule} when {@code check} passes. */
    public Builder add(DetectionRule rule, Check check, String... lowerNeedles) {
      for (String n : lowerNeedles) {
        needles.add(n);
        rules.add(rule);
        checks.add(check);
      }
      return this;
    }

    public Markers build() {
      return new Markers(needles, rules, checks);
    }
  }
}
