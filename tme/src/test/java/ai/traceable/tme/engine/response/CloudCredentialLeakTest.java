package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CloudCredentialLeakTest {
  private final CloudCredentialLeak detector = new CloudCredentialLeak();

  static Stream<Arguments> cases() {
    String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    String azureKey = "A".repeat(86) + "==";
    return Stream.of(
        Arguments.of("{\"AccessKeyId\":\"AKIAIOSFODNN7EXAMPLE\"}", "AKIAIOSFODNN7EXAMPLE"),
        Arguments.of("temp ASIAY34FZKBOKMUTVV7A here", "ASIAY34FZKBOKMUTVV7A"),
        Arguments.of("aws_secret_access_key = " + secret, "aws_secret_access_key = " + secret),
        Arguments.of(
            "key=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
            "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe"),
        Arguments.of(
            "{\"type\": \"service_account\", \"private_key_id\": \"" + "ab12".repeat(10) + "\"}",
            "\"private_key_id\": \"" + "ab12".repeat(10) + "\""),
        Arguments.of(
            "DefaultEndpointsProtocol=https;AccountKey=" + azureKey + ";",
            "AccountKey=" + azureKey),
        Arguments.of("AKIA too short AKIA1234", ""),
        Arguments.of("lower akiaiosfodnn7example", ""),
        Arguments.of("an ordinary secret word", ""));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void findsCloudCredentials(String text, String found) {
    var matches = Found.in(detector, text);
    if (found.isEmpty()) {
      assertThat(matches).isEmpty();
    } else {
      assertThat(matches).containsExactly(found);
    }
  }
}
