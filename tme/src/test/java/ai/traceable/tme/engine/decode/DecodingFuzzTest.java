package ai.traceable.tme.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the decoding chain every inspected value goes through. Properties:
 * never throws, one decoding pass never makes a value longer, the full chain grows a value at most
 * by Unicode's largest NFKC expansion, base64 text is a byte string no longer than its encoding.
 */
class DecodingFuzzTest {
  /** U+FDFA folds to 18 characters under NFKC, the longest expansion Unicode has. */
  private static final int NFKC_MAX_EXPANSION = 18;

  @FuzzTest
  void decodeIsTotalAndBounded(byte[] data) {
    checkDecode(data);
  }

  @FuzzTest
  void lenientUtf8NeverGrows(byte[] data) {
    checkLenientUtf8(data);
  }

  @Test
  void decodeSurvivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(), "decodeIsTotalAndBounded", 3000, DecodingFuzzTest::checkDecode);
  }

  @Test
  void lenientUtf8SurvivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(), "lenientUtf8NeverGrows", 1000, DecodingFuzzTest::checkLenientUtf8);
  }

  static void checkDecode(byte[] data) {
    if (data.length == 0) {
      assertThat(Decoding.decode("", false)).isEmpty();
      return;
    }
    boolean plusIsSpace = (data[0] & 0x10) != 0;
    String value = FuzzInputs.text(data, 1, data[0]);

    String once = Decoding.decodeOnce(value, plusIsSpace);
    assertThat(once.length()).isLessThanOrEqualTo(value.length());

    String decoded = Decoding.decode(value, plusIsSpace);
    assertThat(decoded.length()).isLessThanOrEqualTo(NFKC_MAX_EXPANSION * value.length());
    assertThat(decoded).doesNotContain("\0");

    String text = Decoding.base64Text(value);
    if (text != null) {
      assertThat(FuzzInputs.isByteString(text)).isTrue();
      assertThat(text.length()).isLessThanOrEqualTo(value.strip().length() * 3 / 4);
    }
  }

  static void checkLenientUtf8(byte[] data) {
    int offset = data.length == 0 ? 0 : (data[0] & 0xff) % (data.length + 1);
    String s = Decoding.lenientUtf8(data, offset, data.length - offset);
    assertThat(s.length()).isLessThanOrEqualTo(data.length - offset);
  }
}
