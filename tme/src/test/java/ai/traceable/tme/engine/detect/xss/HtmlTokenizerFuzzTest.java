package ai.traceable.tme.engine.detect.xss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the HTML tokenizer. Properties: never throws, reaches {@code END} in
 * at most one token per character, tokens start strictly further on each time (an unterminated tag
 * is re-read from inside, so tokens may overlap), tokens and attributes are in-bounds slices, and
 * the work stays linear (the documented bound is about twice the input).
 */
class HtmlTokenizerFuzzTest {

  @FuzzTest
  void tokenizesInLinearWorkWithinBounds(byte[] data) {
    check(data);
  }

  @Test
  void survivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(), "tokenizesInLinearWorkWithinBounds", 3000, HtmlTokenizerFuzzTest::check);
  }

  static void check(byte[] data) {
    if (data.length == 0) {
      return;
    }
    String s = FuzzInputs.text(data, 1, data[0]);
    int maxTags = 1 + (data[0] & 0xff);
    HtmlTokenizer t = new HtmlTokenizer(s, 0, s.length(), maxTags, 4 * maxTags);
    int tokens = 0;
    int previousStart = -1;
    for (HtmlTokenizer.Type type = t.next();
        type != HtmlTokenizer.Type.END;
        type = t.next(), tokens++) {
      assertThat(tokens).isLessThanOrEqualTo(s.length());
      assertThat(t.start()).isBetween(previousStart + 1, s.length());
      assertThat(t.end()).isBetween(t.start(), s.length());
      previousStart = t.start();
      if (type == HtmlTokenizer.Type.START_TAG || type == HtmlTokenizer.Type.END_TAG) {
        t.tagName();
      }
      for (int i = 0; i < t.attributeCount(); i++) {
        assertThat(t.attributeNameStart(i)).isBetween(t.start(), t.attributeNameEnd(i));
        assertThat(t.attributeNameEnd(i)).isLessThanOrEqualTo(t.end());
        t.attributeName(i);
        if (t.hasValue(i)) {
          assertThat(t.valueStart(i)).isBetween(t.attributeNameEnd(i), t.valueEnd(i));
          assertThat(t.valueEnd(i)).isLessThanOrEqualTo(t.end());
          t.attributeValue(i);
        }
      }
    }
    assertThat(t.work()).isLessThanOrEqualTo(4L * s.length() + 16);
  }
}
