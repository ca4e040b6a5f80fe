package ai.traceable.tme.engine.seclang.operator;

import java.util.List;

/**
 * A parsed regular expression with its flags already applied: every single-character construct is a
 * {@link Chars} of bytes, anchors say exactly which position they match. The tree is what {@link
 * RegexEmitter} writes out for RE2/J and what {@link RequiredLiterals} reads literals from.
 */
sealed interface RegexNode {

  /** One byte from a set. */
  record Chars(ByteSet set) implements RegexNode {}

  /** Each node in turn; empty matches the empty string. */
  record Concat(List<RegexNode> items) implements RegexNode {}

  /** The first alternative that leads to a match (leftmost-first, as PCRE and RE2 agree). */
  record Alternation(List<RegexNode> alternatives) implements RegexNode {}

  /** {@code min} to {@code max} repetitions ({@code max} -1 for unbounded), greedy or lazy. */
  record Repeat(RegexNode item, int min, int max, boolean greedy) implements RegexNode {}

  /** A group; capturing groups keep their number in the written pattern. */
  record Group(RegexNode item, boolean capturing) implements RegexNode {}

  /** A zero-width assertion. */
  record Assertion(Kind kind) implements RegexNode {}

  /** The zero-width assertions both PCRE (as ModSecurity configures it) and RE2 have. */
  enum Kind {
    /** {@code ^} without multiline, {@code \A}. */
    BEGIN_TEXT("\\A"),
    /** {@code $} without multiline (ModSecurity sets PCRE_DOLLAR_ENDONLY), {@code \z}. */
    END_TEXT("\\z"),
    /** {@code ^} in multiline mode. */
    BEGIN_LINE("(?m:^)"),
    /** {@code $} in multiline mode. */
    END_LINE("(?m:$)"),
    WORD_BOUNDARY("\\b"),
    NOT_WORD_BOUNDARY("\\B");

    final String re2;

    Kind(String re2) {
      this.re2 = re2;
    }
  }
}
