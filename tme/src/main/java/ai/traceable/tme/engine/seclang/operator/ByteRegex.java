package ai.traceable.tme.engine.seclang.operator;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;

/**
 * A SecLang regular expression compiled for byte strings: parsed with PCRE's meaning under
 * ModSecurity's options ({@link RegexParser}), written out flag-free for RE2/J ({@link
 * RegexEmitter}), which matches in time linear in the input, with the literals every match needs
 * ({@link RequiredLiterals}) checked first in one Aho-Corasick pass. Immutable and thread-safe.
 */
final class ByteRegex {
  /** Larger automata (huge counted repeats) are left to RE2/J alone. */
  static final int MAX_NFA = 50_000;

  private final String source;
  private final Pattern pattern;
  private final List<String> literals;
  private final PhraseMatcher prefilter;
  private final ByteNfa nfa;
  private final ThreadLocal<ByteDfa> dfa;

  private ByteRegex(String source, Pattern pattern, List<String> literals, ByteNfa nfa) {
    this.source = source;
    this.pattern = pattern;
    this.literals = literals;
    this.prefilter = literals.isEmpty() ? null : PhraseMatcher.of(literals);
    this.nfa = nfa;
    this.dfa = nfa == null ? null : ThreadLocal.withInitial(() -> new ByteDfa(nfa));
  }

  /**
   * Compiles {@code source}.
   *
   * @throws IllegalArgumentException with the reason when it is invalid or needs backtracking
   */
  static ByteRegex compile(String source) {
    RegexNode node = RegexParser.parse(source);
    try {
      return new ByteRegex(
          source,
          Pattern.compile(RegexEmitter.emit(node)),
          RequiredLiterals.of(node),
          ByteNfa.build(node, MAX_NFA));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("RE2 rejects the pattern: " + e.getDescription(), e);
    }
  }

  String source() {
    return source;
  }

  /** The RE2/J pattern this expression was written out as. */
  String re2() {
    return pattern.pattern();
  }

  /**
   * Literals (ASCII lower case, any case in values) one of which every match contains; may be
   * empty.
   */
  List<String> literals() {
    return literals;
  }

  /** False when the value lacks every required literal (so it cannot match). */
  boolean admits(String value) {
    return prefilter == null || prefilter.containsAny(value);
  }

  /** Whether the expression matches somewhere in {@code value}, without the literal check. */
  boolean find(String value) {
    return dfa != null ? dfa.get().find(value) : pattern.matcher(value).find();
  }

  /** {@link #find} by RE2/J alone, for tests that compare the two engines. */
  boolean findWithRe2(String value) {
    return pattern.matcher(value).find();
  }

  /** Whether {@link #find} uses the lazy DFA (false only for very large automata). */
  boolean hasDfa() {
    return nfa != null;
  }

  /** Like {@link #find}, and reports captures 0..9 to {@code ctx} when it matched. */
  boolean findCapturing(String value, MatchContext ctx) {
    // RE2/J's capturing matcher costs tens of times the DFA: ask the DFA first, as most values
    // do not match, and let RE2/J find the groups only of those that do
    if (dfa != null && !dfa.get().find(value)) {
      return false;
    }
    Matcher m = pattern.matcher(value);
    if (!m.find()) {
      return false;
    }
    int last = 0;
    int groups = Math.min(9, m.groupCount());
    for (int g = 1; g <= groups; g++) {
      if (m.start(g) >= 0) {
        last = g;
      }
    }
    for (int g = 0; g <= last; g++) {
      String captured = m.group(g);
      ctx.capture(g, captured == null ? "" : captured);
    }
    return true;
  }
}
