package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ByteDfa}; the regex semantics it shares with RE2/J are in {@link ByteRegexTest}. */
class ByteDfaTest {

  /**
   * (a|b)*a(a|b){12} needs 2^13 deterministic states, far more than the cache holds: the scan
   * empties the cache and goes on, and still answers as RE2/J does.
   */
  @Test
  void staysCorrectWhenTheStateCacheOverflows() {
    ByteRegex re = ByteRegex.compile("(?:a|b)*a(?:a|b){12}c");
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < 400; k++) {
        b.append(random.nextBoolean() ? 'a' : 'b');
      }
      if (round % 2 == 0) {
        b.append('c');
      }
      String v = b.toString();
      assertThat(re.find(v)).as(v).isEqualTo(re.findWithRe2(v));
    }
  }

  @Test
  void handlesAssertionsAtEveryPosition() {
    String[] patterns = {"\\bab\\b", "\\Bb", "(?m)^b$", "^a", "b$", "(?m)a$", "\\ba|b\\b"};
    Random random = new Random(5);
    for (String p : patterns) {
      ByteRegex re = ByteRegex.compile(p);
      for (int round = 0; round < 300; round++) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < random.nextInt(8); k++) {
          b.append("ab \n_".charAt(random.nextInt(5)));
        }
        String v = b.toString();
        assertThat(re.find(v)).as("/%s/ on [%s]", p, v).isEqualTo(re.findWithRe2(v));
      }
    }
  }

  /** Anchored patterns stop at the first byte with no live thread; the answers stay RE2/J's. */
  @Test
  void anchoredPatternsStopEarlyWithTheSameAnswers() {
    String[] patterns = {"^ab", "^(?:a|b)c$", "\\Aa|^b", "(?:^a)|b", "^a*$", "^"};
    assertThat(ByteNfa.anchoredAtStart(RegexParser.parse("^(?:a|b)c$"))).isTrue();
    assertThat(ByteNfa.anchoredAtStart(RegexParser.parse("(?:^a)|b"))).isFalse();
    assertThat(ByteNfa.anchoredAtStart(RegexParser.parse("(?m)^a"))).isFalse();
    Random random = new Random(3);
    for (String p : patterns) {
      ByteRegex re = ByteRegex.compile(p);
      for (int round = 0; round < 300; round++) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < random.nextInt(6); k++) {
          b.append("abc".charAt(random.nextInt(3)));
        }
        String v = b.toString();
        assertThat(re.find(v)).as("/%s/ on [%s]", p, v).isEqualTo(re.findWithRe2(v));
      }
    }
  }
}
