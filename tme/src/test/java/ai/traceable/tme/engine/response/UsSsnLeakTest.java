package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsSsnLeakTest {
  private final UsSsnLeak detector = new UsSsnLeak();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"ssn\":\"123-45-6789\"} | 123-45-6789",
        "SSN 078-05-1120. | 078-05-1120",
        "area 000: 000-12-3456 | ''",
        "area 666: 666-12-3456 | ''",
        "area 9xx: 912-12-3456 | ''",
        "group 00: 123-00-6789 | ''",
        "serial 0000: 123-45-0000 | ''",
        "phone 555-123-4567 | ''",
        "longer 1123-45-6789 | ''",
        "date-like 2024-01-1234 | ''",
        "undashed 123456789 | ''",
      })
  void findsDashedNumbersTheSsaCouldHaveIssued(String text, String found) {
    var matches = Found.in(detector, text);
    if (found.isEmpty()) {
      assertThat(matches).isEmpty();
    } else {
      assertThat(matches).containsExactly(found);
    }
  }
}
