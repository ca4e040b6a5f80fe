package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrivateKeyLeakTest {
  private final PrivateKeyLeak detector = new PrivateKeyLeak();

  static Stream<Arguments> cases() {
    String rsa = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
    String pkcs8 = "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----";
    String ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----";
    return Stream.of(
        Arguments.of("key: " + rsa + " trailing", rsa),
        Arguments.of("{\"k\":\"" + pkcs8 + "\"}", pkcs8),
        Arguments.of(ssh, ssh),
        Arguments.of(
            "cut -----BEGIN EC PRIVATE KEY-----\nMHcC", "-----BEGIN EC PRIVATE KEY-----\nMHcC"),
        Arguments.of("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", ""),
        Arguments.of("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", ""),
        Arguments.of("plain text about a private key", ""));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void coversPrivateKeysUpToTheirEndLine(String text, String found) {
    var matches = Found.in(detector, text);
    if (found.isEmpty()) {
      assertThat(matches).isEmpty();
    } else {
      assertThat(matches).containsExactly(found);
    }
  }
}
