package ai.traceable.tme.engine.seclang;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.seclang.operator.MatchContext;
import ai.traceable.tme.engine.seclang.operator.Operator;
import ai.traceable.tme.engine.seclang.operator.Operators;
import ai.traceable.tme.engine.seclang.transform.Transformation;
import ai.traceable.tme.engine.seclang.transform.Transformations;
import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the SecLang byte-string contract: every transformation maps a byte
 * string (chars 0..255) to a byte string without throwing, and {@code @rx} either refuses a pattern
 * with {@link IllegalArgumentException} or compiles one that matches any byte string without
 * throwing.
 */
class ByteStringsFuzzTest {
  private static final List<Transformation> ALL = Transformations.all();

  private static final MatchContext CONTEXT =
      new MatchContext() {
        @Override
        public String expand(String textWithMacros) {
          return textWithMacros;
        }

        @Override
        public void capture(int index, String value) {
          assertThat(FuzzInputs.isByteString(value)).isTrue();
        }

        @Override
        public boolean capturing() {
          return true;
        }
      };

  @FuzzTest
  void transformationsKeepByteStrings(byte[] data) {
    checkTransformation(data);
  }

  @FuzzTest
  void rxCompilesOrRefusesAndMatchesAnyBytes(byte[] data) {
    checkRx(data);
  }

  @Test
  void transformationsSurviveFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(),
        "transformationsKeepByteStrings",
        2000,
        ByteStringsFuzzTest::checkTransformation);
  }

  @Test
  void rxSurvivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(), "rxCompilesOrRefusesAndMatchesAnyBytes", 1000, ByteStringsFuzzTest::checkRx);
  }

  static void checkTransformation(byte[] data) {
    if (data.length == 0) {
      return;
    }
    Transformation t = ALL.get((data[0] & 0xff) % ALL.size());
    String in = new String(data, 1, data.length - 1, StandardCharsets.ISO_8859_1);
    String out = t.apply(in);
    assertThat(FuzzInputs.isByteString(out)).as(t.name()).isTrue();
  }

  /** The input is a pattern, a NUL, then the subject. */
  static void checkRx(byte[] data) {
    String all = new String(data, StandardCharsets.ISO_8859_1);
    int nul = all.indexOf('\0');
    String pattern = nul < 0 ? all : all.substring(0, nul);
    String subject = nul < 0 ? "" : all.substring(nul + 1);
    Operator rx;
    try {
      rx =
          Operators.create(
              "rx",
              pattern,
              name -> {
                throw new java.io.FileNotFoundException(name);
              });
    } catch (IllegalArgumentException refused) {
      return;
    }
    rx.matches(subject, CONTEXT);
    rx.matches(pattern, CONTEXT);
  }
}
