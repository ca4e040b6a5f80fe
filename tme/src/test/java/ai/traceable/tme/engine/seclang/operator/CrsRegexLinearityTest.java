package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.seclang.operator.RegexNode.Alternation;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Chars;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Concat;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Group;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Linear time on pathological inputs, for every CRS regex.
 *
 * <p>The argument is the engines': the lazy DFA ({@link ByteDfa}) spends one table lookup per byte
 * once a state is known, and one pass over the automaton (its size, m) to build a new state, with a
 * bounded state cache; so a value of n bytes costs at most O(n*m). RE2/J, which does captures,
 * simulates the same automaton with at most one thread per instruction: O(n*m) again. Neither
 * backtracks, and the parser refuses the constructs (back references, look-around) that would need
 * it. This test is the smoke check of that argument: for each regex it builds the input a
 * backtracking engine fears (long runs of the characters the pattern loops over, after the literal
 * the prefilter wants, with no way to complete the match) at 2,000 and 20,000 characters, and
 * checks that ten times the input costs at most about ten times the time. Timing is summed over all
 * regexes and the best of three runs is kept, and the bounds are generous (15x, plus slack), so
 * noise cannot fail it while anything super-linear (100x for a quadratic, far more for an
 * exponential) would.
 */
class CrsRegexLinearityTest {
  private static final int SHORT = 2_000;
  private static final int LONG = 20_000;

  @Test
  void tenTimesTheInputCostsAboutTenTimesTheTime() {
    List<RegexInputs.Compiled> regexes = RegexInputs.crsRegexes();
    List<String[]> inputs = new ArrayList<>();
    for (RegexInputs.Compiled c : regexes) {
      String loop = loopString(RegexParser.parse(c.regex().source()));
      String literal = c.regex().literals().isEmpty() ? "" : c.regex().literals().get(0);
      inputs.add(new String[] {build(literal, loop, SHORT), build(literal, loop, LONG)});
    }
    run(regexes, inputs, 0); // warm-up
    long shortNanos = Long.MAX_VALUE;
    long longNanos = Long.MAX_VALUE;
    long worstLong = 0;
    for (int round = 0; round < 3; round++) {
      shortNanos = Math.min(shortNanos, run(regexes, inputs, 0));
      long[] perRegex = new long[1];
      longNanos = Math.min(longNanos, runTracking(regexes, inputs, perRegex));
      worstLong = Math.max(worstLong, perRegex[0]);
    }
    System.out.printf(
        "linearity: %d regexes, %d chars %.1f ms, %d chars %.1f ms (x%.1f), slowest regex on %d"
            + " chars %.1f ms%n",
        regexes.size(),
        SHORT,
        shortNanos / 1e6,
        LONG,
        longNanos / 1e6,
        (double) longNanos / shortNanos,
        LONG,
        worstLong / 1e6);
    assertThat(longNanos).isLessThan(15 * shortNanos + 200_000_000L);
    assertThat(worstLong).as("one regex on %d characters", LONG).isLessThan(2_000_000_000L);
  }

  private static long run(List<RegexInputs.Compiled> regexes, List<String[]> inputs, int which) {
    long start = System.nanoTime();
    for (int k = 0; k < regexes.size(); k++) {
      regexes.get(k).regex().find(inputs.get(k)[which]);
    }
    return System.nanoTime() - start;
  }

  private static long runTracking(
      List<RegexInputs.Compiled> regexes, List<String[]> inputs, long[] slowest) {
    long total = 0;
    for (int k = 0; k < regexes.size(); k++) {
      long start = System.nanoTime();
      regexes.get(k).regex().find(inputs.get(k)[1]);
      long took = System.nanoTime() - start;
      total += took;
      slowest[0] = Math.max(slowest[0], took);
    }
    return total;
  }

  /** The literal, then the loop characters repeated to {@code length}, then a control byte. */
  static String build(String literal, String loop, int length) {
    StringBuilder b = new StringBuilder(length + literal.length() + 1).append(literal);
    String unit = loop.isEmpty() ? "a" : loop;
    while (b.length() < length) {
      b.append(unit);
    }
    return b.append('\u0001').toString();
  }

  /** One character from each repeated item of the pattern, in pattern order. */
  static String loopString(RegexNode node) {
    StringBuilder out = new StringBuilder();
    collect(node, false, out);
    return out.length() > 64 ? out.substring(0, 64) : out.toString();
  }

  private static void collect(RegexNode node, boolean repeated, StringBuilder out) {
    if (node instanceof Chars c) {
      int first = c.set().first();
      if (repeated && first >= 0) {
        out.append((char) first);
      }
    } else if (node instanceof Concat c) {
      c.items().forEach(item -> collect(item, repeated, out));
    } else if (node instanceof Alternation a) {
      a.alternatives().forEach(alt -> collect(alt, repeated, out));
    } else if (node instanceof Group g) {
      collect(g.item(), repeated, out);
    } else if (node instanceof Repeat r) {
      collect(r.item(), repeated || r.max() == -1 || r.max() > 1, out);
    }
  }
}
