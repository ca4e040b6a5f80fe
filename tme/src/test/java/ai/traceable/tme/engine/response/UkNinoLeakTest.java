package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UkNinoLeakTest {
  private final UkNinoLeak detector = new UkNinoLeak();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "nino: AB123456C | AB123456C",
        "{\"ni\":\"JG 10 37 26 A\"} | JG 10 37 26 A",
        "suffix E: AB123456E | ''",
        "prefix GB: GB123456A | ''",
        "prefix with D: DA123456A | ''",
        "second letter O: AO123456A | ''",
        "lower case: ab123456c | ''",
        "inside a word: XAB123456C | ''",
        "followed by a letter: AB123456CD | ''",
      })
  void findsNumbersWithAValidPrefixAndSuffix(String text, String found) {
    var matches = Found.in(detector, text);
    if (found.isEmpty()) {
      assertThat(matches).isEmpty();
    } else {
      assertThat(matches).containsExactly(found);
    }
  }
}
