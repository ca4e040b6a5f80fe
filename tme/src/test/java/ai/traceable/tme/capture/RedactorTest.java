package ai.traceable.tme.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    assertThat(redactor.headerValue("authorization", "Bearer abc.def")).isEqualTo("[REDACTED]");
    assertThat(List.of("sid=1", "b=2").stream().map(v -> redactor.headerValue("cookie", v)))
        .containsExactly("[REDACTED]", "[REDACTED]");
    assertThat(redactor.headerValue("user-agent", "curl/8")).isEqualTo("curl/8");

    String body =
        redactor.body(
            "{\"user\":\"ann\",\"Password\":\"hunter2\",\"nested\":[{\"token\":\"t0k\",\"cardNumber\":\"4111\"}],\"ssn_last4\":{\"x\":1}}",
            "application/json");
    assertThat(body)
        .contains("\"user\":\"ann\"")
        .doesNotContain("hunter2", "t0k", "4111", "\"x\":1")
        .contains("[REDACTED]");
  }

  @Test
  void formFieldsAndTheHashStrategy() {
    Redactor hashing = new Redactor(List.of(), List.of("password"), "", Redactor.Strategy.HASH);
    String form = "user=ann&password=hunter2&keep=1";
    String body = hashing.body(form, "application/x-www-form-urlencoded");
    assertThat(body)
        .startsWith("user=ann&password=sha256%3A")
        .endsWith("&keep=1")
        .doesNotContain("hunter2");
    // equal secrets hash equally; the content type is matched whatever its case
    assertThat(hashing.body(form, "Application/X-WWW-Form-Urlencoded; charset=utf-8"))
        .isEqualTo(body);
  }

  @Test
  void unparseableJsonIsDroppedRatherThanLeaked() {
    assertThat(redactor.body("{\"password\":\"hun", "application/json")).isEqualTo("[REDACTED]");
  }

  @Test
  void bodiesOfOtherTypesAndEmptyBodiesAreKept() {
    assertThat(redactor.body("password=hunter2", "text/plain")).isEqualTo("password=hunter2");
    assertThat(redactor.body("", "application/json")).isEmpty();
  }
}
