package ai.traceable.tme.engine.detect.sqli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the SQL tokenizer in every context. Properties: never throws, keeps at
 * most its capacity of tokens, and every token is an ordered, in-bounds slice of the input.
 */
class SqlTokenizerFuzzTest {

  @FuzzTest
  void tokensAreOrderedSlicesOfTheInput(byte[] data) {
    check(data);
  }

  @Test
  void survivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(), "tokensAreOrderedSlicesOfTheInput", 3000, SqlTokenizerFuzzTest::check);
  }

  static void check(byte[] data) {
    if (data.length == 0) {
      return;
    }
    SqlTokenizer.Context context =
        SqlTokenizer.Context.values()[(data[0] & 0x0f) % SqlTokenizer.Context.values().length];
    int capacity = 1 + ((data[0] >> 4) & 0x0f) * 8;
    String s = FuzzInputs.text(data, 1, data[0] >> 2);
    SqlTokens tokens = SqlTokenizer.tokenize(s, context, capacity);
    assertThat(tokens.size()).isLessThanOrEqualTo(capacity);
    int previousStart = 0;
    for (int i = 0; i < tokens.size(); i++) {
      assertThat(tokens.start(i)).isBetween(previousStart, tokens.end(i));
      assertThat(tokens.end(i)).isLessThanOrEqualTo(s.length());
      assertThat(tokens.type(i)).isNotNull();
      tokens.text(i);
      tokens.word(i);
      tokens.operator(i);
      previousStart = tokens.start(i);
    }
  }
}
