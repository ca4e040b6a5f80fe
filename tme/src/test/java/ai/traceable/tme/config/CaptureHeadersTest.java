package ai.traceable.tme.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The OTEL_EXPORTER_OTLP_HEADERS format of {@code TME_CAPTURE_HEADERS}. */
class CaptureHeadersTest {

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  static Stream<Arguments> wellFormed() {
    return Stream.of(
        arguments("", ordered()),
        arguments("   ", ordered()),
        arguments("x-api-key=abc123", ordered("x-api-key", "abc123")),
        arguments(
            " x-api-key = abc123 ,\tx-tenant=acme ",
            ordered("x-api-key", "abc123", "x-tenant", "acme")),
        arguments(
            "authorization=Basic%20dXNlcjpwYXNz", ordered("authorization", "Basic dXNlcjpwYXNz")),
        arguments("token=a+b/c==", ordered("token", "a+b/c==")),
        arguments("list=a%2Cb,pct=100%25", ordered("list", "a,b", "pct", "100%")),
        arguments("a=1,,b=2,", ordered("a", "1", "b", "2")),
        arguments("X-Api-Key=K", ordered("X-Api-Key", "K")),
        arguments("x-quoted=\"v\"", ordered("x-quoted", "\"v\"")));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("wellFormed")
  void parsesTheOpenTelemetryHeaderFormat(String text, Map<String, String> expected) {
    CaptureHeaders headers = CaptureHeaders.parse(text);

    assertThat(headers.values()).containsExactlyEntriesOf(expected);
  }

  /** Input, what the error must say, and the secret part it must never repeat. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("s3cr3t-token", "entry 1 is not key=value", "s3cr3t"),
        arguments("a=1,s3cr3t-token", "entry 2 is not key=value", "s3cr3t"),
        arguments("=s3cr3t", "entry 1 has no valid header name", "s3cr3t"),
        arguments("Authorization: Bearer s3cr3t==", "entry 1 has no valid header name", "s3cr3t"),
        arguments("x-api-key=  ", "'x-api-key' has an empty value", "s3cr3t"),
        arguments("x-api-key=s3cr3t%zz", "'x-api-key' has a '%' not followed", "s3cr3t"),
        arguments("x-api-key=s3cr3t%4", "'x-api-key' has a '%' not followed", "s3cr3t"),
        arguments(
            "x-api-key=s3cr3t%0D%0Ax-evil: 1", "value of 'x-api-key' has a control", "s3cr3t"),
        arguments(
            "x-api-key=s3cr%C3%A9t", "value of 'x-api-key' has a control or non-ASCII", "s3cr"),
        arguments("content-type=s3cr3t", "'content-type' is set by tme", "s3cr3t"),
        arguments("Host=s3cr3t", "'Host' is set by tme", "s3cr3t"),
        arguments(
            "x-api-key=s3cr3t1,x-api-key=s3cr3t2", "'x-api-key' is given more than once", "s3cr3t"),
        arguments(
            "x-api-key=s3cr3t1,X-API-KEY=s3cr3t2",
            "'X-API-KEY' is given more than once",
            "s3cr3t"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @MethodSource("malformed")
  void aMalformedEntryIsAnErrorNamingItsKeyButNeverItsValue(
      String text, String says, String secret) {
    assertThatThrownBy(() -> CaptureHeaders.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tme.capture.headers: ")
        .hasMessageContaining(says)
        .message()
        .doesNotContain(secret);
  }

  @Test
  void showsHeaderNamesButNeverValues() {
    CaptureHeaders headers = CaptureHeaders.parse("x-api-key=s3cr3t,x-tenant=acme");

    assertThat(headers.toString())
        .contains("x-api-key", "x-tenant")
        .doesNotContain("s3cr3t", "acme");
  }
}
