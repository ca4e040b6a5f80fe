package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcTimeoutTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1n, 1",
    "250u, 250000",
    "200m, 200000000",
    "2S, 2000000000",
    "1M, 60000000000",
    "1H, 3600000000000",
    "99999999m, 99999999000000",
    "0m, 0",
    "'', -1",
    "m, -1",
    "100, -1",
    "10x, -1",
    "-5m, -1",
    "123456789m, -1",
    "1.5S, -1",
    "' 5m', -1"
  })
  void readsDigitsAndAUnitAndRefusesAnythingElse(String header, long nanos) {
    assertThat(GrpcTimeout.parseNanos(header)).isEqualTo(nanos);
  }
}
