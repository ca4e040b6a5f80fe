package ai.traceable.tme.engine.detect.cmdi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.Keywords;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmdiKeywordsTest {
  private static List<String> all(Keywords k, String s) {
    List<String> out = new ArrayList<>();
    k.scan(
        s,
        0,
        s.length(),
        (i, start, end) -> {
          assertThat(s.substring(start, end)).isEqualTo(k.word(i));
          out.add(k.word(i) + "@" + start);
          return true;
        });
    return out;
  }

  @Test
  void findsOverlappingAndNestedKeywords() {
    Keywords k = new Keywords("he", "she", "his", "hers", "exec", "shell_exec");
    assertThat(all(k, "ushers")).containsExactly("she@1", "he@2", "hers@2");
    assertThat(all(k, "shell_exec("))
        .containsExactlyInAnyOrder("she@0", "he@1", "exec@6", "shell_exec@0");
  }

  @Test
  void nonAsciiCharactersResetTheMatch() {
    Keywords k = new Keywords("exec");
    assertThat(all(k, "ex\u00e9c exec")).containsExactly("exec@5");
    assertThat(k.containsAny("\u6f22\u5b57")).isFalse();
    assertThat(k.containsAny("an exec")).isTrue();
  }

  @Test
  void stopsWhenTheSinkSaysSo() {
    Keywords k = new Keywords("a");
    int[] calls = {0};
    k.scan(
        "aaaa",
        0,
        4,
        (i, start, end) -> {
          calls[0]++;
          return false;
        });
    assertThat(calls[0]).isEqualTo(1);
  }
}
