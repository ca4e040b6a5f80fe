package ai.traceable.tme.engine.seclang.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.engine.seclang.operator.CrsSources;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TransformationsTest {

  @Test
  void findsNamesIgnoringCaseAndBritishSpellings() {
    assertThat(Transformations.byName("URLDECODEUNI").name()).isEqualTo("urlDecodeUni");
    assertThat(Transformations.byName("cmdline").name()).isEqualTo("cmdLine");
    assertThat(Transformations.byName("base64decode").name()).isEqualTo("base64Decode");
    assertThat(Transformations.byName("normalisePath"))
        .isSameAs(Transformations.byName("normalizePath"));
    assertThat(Transformations.byName("normalisePathWin"))
        .isSameAs(Transformations.byName("normalizePathWin"));
  }

  @Test
  void rejectsUnknownNamesAndLeavesNoneToTheRuleModel() {
    assertThatThrownBy(() -> Transformations.byName("rot13"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown transformation: rot13");
    assertThatThrownBy(() -> Transformations.byName("none"))
        .hasMessage("unknown transformation: none");
  }

  @Test
  void hasEveryTransformationCrsUses() {
    Pattern t = Pattern.compile("(?:^|,)\\s*t:([A-Za-z0-9]+)");
    Set<String> used = new TreeSet<>();
    for (CrsSources.Rule rule : CrsSources.rules()) {
      Matcher m = t.matcher(rule.actions());
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    used.remove("none");
    assertThat(used).hasSizeGreaterThanOrEqualTo(18);
    for (String name : used) {
      assertThat(Transformations.byName(name).name().toLowerCase(Locale.ROOT))
          .isIn(Transformations.names());
    }
  }

  @Test
  void neverThrowsAndKeepsBytesOnArbitraryInput() {
    Random random = new Random(42);
    String alphabet = "%uUxX&#;\\/.*-<!>#+=0123456789abcdefABCDEF \t\n\0\"'^,()";
    for (int round = 0; round < 3000; round++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(24);
      for (int i = 0; i < length; i++) {
        b.append(
            random.nextInt(4) == 0
                ? (char) random.nextInt(256)
                : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String input = b.toString();
      for (Transformation tf : Transformations.all()) {
        String out = tf.apply(input);
        assertThat(out.chars().allMatch(c -> c < 256))
            .as("%s(%s) stays a byte string", tf.name(), input)
            .isTrue();
      }
    }
  }
}
