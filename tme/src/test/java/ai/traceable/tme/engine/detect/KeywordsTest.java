package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordsTest {

  private static List<String> found(Keywords k, String text) {
    List<String> out = new ArrayList<>();
    k.scan(
        text,
        0,
        text.length(),
        (w, start, end) -> {
          out.add(k.word(w) + "@" + start);
          return true;
        });
    return out;
  }

  @Test
  void reportsEveryOccurrenceIncludingOverlappingOnes() {
    Keywords k = new Keywords("he", "she", "hers");
    assertThat(found(k, "ushers")).containsExactly("she@1", "he@2", "hers@2");
  }

  @Test
  void byDefaultCaseMatters() {
    Keywords k = new Keywords("select");
    assertThat(found(k, "SELECT")).isEmpty();
    assertThat(found(k, "select")).containsExactly("select@0");
  }

  @Test
  void ignoringAsciiCaseFindsMixedCaseText() {
    Keywords k = Keywords.ignoringAsciiCase("union select", "x-debug");
    assertThat(found(k, "1 UNION Select 2; X-Debug"))
        .containsExactly("union select@2", "x-debug@18");
    assertThatThrownBy(() -> Keywords.ignoringAsciiCase("Select"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower case");
  }

  @Test
  void scanAsciiTellsWhetherTheTextLeftAscii() {
    Keywords k = Keywords.ignoringAsciiCase("key");
    List<Integer> hits = new ArrayList<>();
    assertThat(k.scanAscii("a KEY here", (w, s, e) -> hits.add(s))).isTrue();
    assertThat(hits).containsExactly(2);
    hits.clear();
    // U+212A KELVIN SIGN folds to 'k' in Unicode but is not followed by the automaton
    assertThat(k.scanAscii("\u212Aey", (w, s, e) -> hits.add(s))).isFalse();
    assertThat(hits).isEmpty();
    // an occurrence after a non-ASCII character is still found
    assertThat(k.scanAscii("caf\u00e9 key", (w, s, e) -> hits.add(s))).isFalse();
    assertThat(hits).containsExactly(5);
  }
}
