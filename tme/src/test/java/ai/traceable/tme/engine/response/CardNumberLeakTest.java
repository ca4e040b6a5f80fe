package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardNumberLeakTest {
  private final CardNumberLeak detector = new CardNumberLeak();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // text | masked part ("" = no match)
        "{\"pan\":\"4111111111111111\"} | 411111111111",
        "card 4111 1111 1111 1111 on file | '4111 1111 1111 '",
        "card 4111-1111-1111-1111. | 4111-1111-1111-",
        "mc 5555555555554444 | 555555555555",
        "amex 378282246310005 | 37828224631",
        "discover 6011111111111117 | 601111111111",
        "luhn fails 4111111111111112 | ''",
        "unknown issuer 9111111111111111 | ''",
        "inside a longer number 41111111111111110000 | ''",
        "order id 1234567890123456 | ''",
        "double spaces 4111  1111 1111 1111 | ''",
        "too short 411111111111 | ''",
      })
  void findsCardNumbersWithAValidCheckDigitAndKeepsTheLastFour(String text, String masked) {
    var found = Found.in(detector, text);
    if (masked.isEmpty()) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found).containsExactly(masked);
    }
  }

  @ParameterizedTest
  @CsvSource({"4111111111111111,true", "4111111111111112,false", "79927398713,true"})
  void luhnChecksTheLastDigit(String digits, boolean valid) {
    int[] d = digits.chars().map(c -> c - '0').toArray();
    assertThat(CardNumberLeak.luhn(d)).isEqualTo(valid);
  }

  @org.junit.jupiter.api.Test
  void aMegabyteOfDigitsIsReadInOnePass() {
    String digits = "1".repeat(1 << 20);
    long start = System.nanoTime();
    assertThat(Found.in(detector, digits)).isEmpty();
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }
}
