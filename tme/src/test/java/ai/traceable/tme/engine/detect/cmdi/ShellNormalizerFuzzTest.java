package ai.traceable.tme.engine.detect.cmdi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the shell normaliser (quote removal, {@code $IFS}, brace expansion).
 * Properties: never throws, and the glue of any word of the result is one of the three kinds.
 */
class ShellNormalizerFuzzTest {

  @FuzzTest
  void normalizesAnyText(byte[] data) {
    check(data);
  }

  @Test
  void survivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(getClass(), "normalizesAnyText", 3000, ShellNormalizerFuzzTest::check);
  }

  static void check(byte[] data) {
    if (data.length == 0) {
      return;
    }
    String s = FuzzInputs.text(data, 1, data[0]);
    ShellNormalizer.Result r = ShellNormalizer.normalize(s);
    String text = r.text();
    assertThat(text).isNotNull();
    int from = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        assertThat(r.glue(from, i))
            .isIn(ShellNormalizer.PLAIN, ShellNormalizer.CONTRACTION, ShellNormalizer.GLUED);
        from = i + 1;
      }
    }
  }
}
