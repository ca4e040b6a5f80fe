package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the CRS regexes as compiled for RE2/J against an independent reading and checks the
 * prefilter against the regexes, on the CRS regression payloads and tme's benign corpus.
 */
class CrsRegexDifferentialTest {
  private static List<RegexInputs.Compiled> regexes;
  private static List<String> inputs;

  @BeforeAll
  static void load() {
    regexes = RegexInputs.crsRegexes();
    List<String> all = new ArrayList<>(RegexInputs.crsPayloads());
    all.addAll(RegexInputs.benign());
    // every third value keeps the run short while covering every rule file's payloads
    inputs = new ArrayList<>();
    for (int k = 0; k < all.size(); k += 3) {
      if (all.get(k).length() <= 400) {
        inputs.add(all.get(k));
      }
    }
  }

  /**
   * java.util.regex reads the original pattern with PCRE-like meaning for ASCII (DOTALL, ASCII-only
   * case folding, \s with VT); on ASCII values that do not end with a line terminator (where its $
   * differs from DOLLAR_ENDONLY) both must agree. Patterns Java cannot compile are counted.
   */
  @Test
  void agreesWithJavaRegexOnAsciiValues() {
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    int skippedPatterns = 0;
    for (RegexInputs.Compiled c : regexes) {
      java.util.regex.Pattern oracle;
      try {
        oracle =
            java.util.regex.Pattern.compile(c.regex().source(), java.util.regex.Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        skippedPatterns++;
        continue;
      }
      for (String v : inputs) {
        if (!ascii(v) || v.endsWith("\n") || v.endsWith("\r")) {
          continue;
        }
        compared++;
        boolean expected = oracle.matcher(v).find();
        if (c.regex().find(v) != expected && mismatches.size() < 20) {
          mismatches.add(c.where() + " on " + v + ": java says " + expected);
        }
      }
    }
    System.out.printf(
        "differential: %d regexes x values compared, %d patterns Java cannot compile%n",
        compared, skippedPatterns);
    assertThat(compared).isGreaterThan(100_000);
    assertThat(mismatches).isEmpty();
  }

  /** The lazy DFA and RE2/J, two engines over the same parse, agree on every value. */
  @Test
  void dfaAgreesWithRe2OnEveryValue() {
    List<String> mismatches = new ArrayList<>();
    int withDfa = 0;
    for (RegexInputs.Compiled c : regexes) {
      withDfa += c.regex().hasDfa() ? 1 : 0;
      for (String v : inputs) {
        boolean re2 = c.regex().findWithRe2(v);
        if (c.regex().find(v) != re2 && mismatches.size() < 20) {
          mismatches.add(c.where() + " on " + v + ": RE2/J says " + re2);
        }
      }
    }
    assertThat(withDfa).isEqualTo(regexes.size());
    assertThat(mismatches).isEmpty();
  }

  @Test
  void prefilterNeverRejectsAMatchAndSkipsMostBenignValues() {
    List<String> missed = new ArrayList<>();
    long pairs = 0;
    long admitted = 0;
    long matched = 0;
    for (RegexInputs.Compiled c : regexes) {
      for (String v : inputs) {
        boolean admits = c.regex().admits(v);
        boolean finds = c.regex().find(v);
        pairs++;
        admitted += admits ? 1 : 0;
        matched += finds ? 1 : 0;
        if (finds && !admits) {
          missed.add(c.where() + " on " + v);
        }
      }
    }
    List<String> benign = RegexInputs.benign();
    long benignPairs = 0;
    long benignAdmitted = 0;
    for (RegexInputs.Compiled c : regexes) {
      for (String v : benign) {
        benignPairs++;
        benignAdmitted += c.regex().admits(v) ? 1 : 0;
      }
    }
    System.out.printf(
        "prefilter: %d pairs, %d admitted, %d matched; benign: %d of %d pairs admitted (%.1f%%)%n",
        pairs,
        admitted,
        matched,
        benignAdmitted,
        benignPairs,
        100.0 * benignAdmitted / benignPairs);
    assertThat(missed).isEmpty();
    assertThat(benignAdmitted).isLessThan(benignPairs / 5);
  }

  private static boolean ascii(String v) {
    for (int k = 0; k < v.length(); k++) {
      if (v.charAt(k) >= 128) {
        return false;
      }
    }
    return true;
  }
}
