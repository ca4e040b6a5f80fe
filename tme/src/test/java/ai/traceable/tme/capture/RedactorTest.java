package ai.traceable.tme.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor =
      new Redactor(
          List.of("Authorization", "cookie"),
          List.of("password", "token"),
          "(?:card|ssn)",
          Redactor.Strategy.REDACT);

  @Test
  void headersByNameAndJsonFieldsAtAnyDepth() {
    CaptureRecord r =
        Records.of(
            "/login",
            Map.of(
                "authorization", List.of("Bearer abc.def"),
                "cookie", List.of("sid=1", "b=2"),
                "content-type", List.of("application/json"),
                "user-agent", List.of("curl/8")),
            "{\"user\":\"ann\",\"Password\":\"hunter2\",\"nested\":[{\"token\":\"t0k\",\"cardNumber\":\"4111\"}],\"ssn_last4\":{\"x\":1}}");
    CaptureRecord out = redactor.redact(r);
    assertThat(out.headers().get("authorization")).containsExactly("[REDACTED]");
    assertThat(out.headers().get("cookie")).containsExactly("[REDACTED]", "[REDACTED]");
    assertThat(out.headers().get("user-agent")).containsExactly("curl/8");
    assertThat(out.body())
        .contains("\"user\":\"ann\"")
        .doesNotContain("hunter2", "t0k", "4111", "\"x\":1")
        .contains("[REDACTED]");
  }

  @Test
  void formFieldsAndTheHashStrategy() {
    Redactor hashing = new Redactor(List.of(), List.of("password"), "", Redactor.Strategy.HASH);
    CaptureRecord r =
        Records.of(
            "/login",
            Map.of("content-type", List.of("application/x-www-form-urlencoded")),
            "user=ann&password=hunter2&keep=1");
    String body = hashing.redact(r).body();
    assertThat(body)
        .startsWith("user=ann&password=sha256%3A")
        .endsWith("&keep=1")
        .doesNotContain("hunter2");
    assertThat(hashing.redact(r).body()).isEqualTo(body); // equal secrets hash equally
  }

  @Test
  void unparseableJsonIsDroppedRatherThanLeaked() {
    CaptureRecord r =
        Records.of(
            "/x", Map.of("content-type", List.of("application/json")), "{\"password\":\"hun");
    assertThat(redactor.redact(r).body()).isEqualTo("[REDACTED]");
  }
}
