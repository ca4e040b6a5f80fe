package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PhraseMatcherTest {

  @Test
  void reportsTheFirstPhraseToEndAndEveryOccurrence() {
    PhraseMatcher m = PhraseMatcher.of(List.of("he", "she", "hers", "his"));
    assertThat(m.firstMatch("USHERS")).isEqualTo("SHE");
    List<String> all = new ArrayList<>();
    m.forEachMatch("ushers", k -> all.add(m.phrases().get(k)));
    assertThat(all).containsExactly("she", "he", "hers");
    assertThat(m.containsAny("hi there")).isTrue();
    assertThat(m.containsAny("hi thr")).isFalse();
  }

  @Test
  void foldsAsciiOnlyAndHandlesEveryByte() {
    PhraseMatcher m = PhraseMatcher.of(List.of("\u00e9\u0000x", "AbC"));
    assertThat(m.containsAny("--\u00e9\u0000X--")).isTrue();
    assertThat(m.containsAny("--\u00c9\u0000x--")).isFalse();
    assertThat(m.containsAny("abc")).isTrue();
    assertThat(PhraseMatcher.of(List.of()).containsAny("abc")).isFalse();
  }

  /** Random phrases and texts: the automaton agrees with a naive search. */
  @Test
  void agreesWithNaiveSearch() {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      List<String> phrases = new ArrayList<>();
      for (int p = 0; p < 1 + random.nextInt(6); p++) {
        phrases.add(randomText(random, 1 + random.nextInt(4)));
      }
      PhraseMatcher m = PhraseMatcher.of(phrases);
      String text = randomText(random, random.nextInt(30));
      boolean naive =
          phrases.stream()
              .anyMatch(p -> PhraseMatcher.foldAscii(text).contains(PhraseMatcher.foldAscii(p)));
      assertThat(m.containsAny(text)).as("%s in %s", phrases, text).isEqualTo(naive);
    }
  }

  private static String randomText(Random random, int length) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < length; k++) {
      b.append("abAB\u00e9".charAt(random.nextInt(5)));
    }
    return b.toString();
  }
}
