package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:5442, 127.0.0.1, 5442",
    "tme.istio-system.svc:5442, tme.istio-system.svc, 5442",
    "'[::1]:6000', ::1, 6000"
  })
  void splitsHostAndPort(String text, String host, int port) {
    assertEquals(new HostPort(host, port), HostPort.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", ":5442", "localhost:", "localhost:port"})
  void rejectsTargetsWithoutHostOrPort(String text) {
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
  }
}
