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

  private static final String MULTIPART = "multipart/form-data; boundary=XyZ";

  @Test
  void multipartPartsAreRedactedByFieldNameAndEverythingElseKept() {
    String body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter2\r\n"
            + "--XyZ\r\ncontent-disposition: form-data; filename=\"a.txt\"; name=\"card_no\"\r\n"
            + "Content-Type: text/plain\r\n\r\n4111 1111\r\n"
            + "--XyZ--\r\n";
    assertThat(redactor.body(body, MULTIPART))
        .isEqualTo(
            "--XyZ\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
                + "[REDACTED]\r\n"
                + "--XyZ\r\ncontent-disposition: form-data; filename=\"a.txt\";"
                + " name=\"card_no\"\r\nContent-Type: text/plain\r\n\r\n[REDACTED]\r\n"
                + "--XyZ--\r\n");
  }

  @Test
  void aMultipartPartCutByTruncationIsRedactedToTheEndAndNoBoundaryMeansNothingKept() {
    String cut = "--b\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc-secr";
    assertThat(redactor.body(cut, "multipart/form-data; boundary=b"))
        .isEqualTo("--b\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n[REDACTED]");
    assertThat(redactor.body(cut, "multipart/form-data")).isEqualTo("[REDACTED]");
    assertThat(redactor.body(cut, "multipart/form-data; boundary=other")).isEqualTo("[REDACTED]");
  }

  @Test
  void xmlElementsAndAttributesAreRedactedByNameWithOrWithoutTheirPrefix() {
    String xml =
        "<?xml version=\"1.0\"?><!-- password here --><login user=\"ann\" token='t0k'>"
            + "<ns:Password>hunter2</ns:Password><card><num>4111</num></card>"
            + "<note>keep</note><ssn/><token><![CDATA[abc]]></token></login>";
    assertThat(redactor.body(xml, "application/soap+xml; charset=utf-8"))
        .isEqualTo(
            "<?xml version=\"1.0\"?><!-- password here --><login user=\"ann\""
                + " token='[REDACTED]'><ns:Password>[REDACTED]</ns:Password>"
                + "<card>[REDACTED]</card><note>keep</note><ssn/>"
                + "<token>[REDACTED]</token></login>");
  }

  @Test
  void xmlCutInsideASecretOrNestingItsOwnNameLeaksNothing() {
    assertThat(redactor.body("<a><password>hun", "text/xml")).isEqualTo("<a><password>[REDACTED]");
    assertThat(
            redactor.body(
                "<token><token>x</token><y>s3cret</y></token><z>1</z>", "application/xml"))
        .isEqualTo("<token>[REDACTED]</token><z>1</z>");
    assertThat(redactor.body("<a password=\"p1\" b='2'/>", "application/xml"))
        .isEqualTo("<a password=\"[REDACTED]\" b='2'/>");
  }

  /** Bodies built to make a scan restart for every part or tag; 1 MiB each must stay quick. */
  @Test
  void multipartAndXmlRedactionStayLinearOnHostileBodies() {
    int n = 1 << 20;
    List<String[]> bodies =
        List.of(
            new String[] {"--b\r\nX".repeat(n / 6), "multipart/form-data; boundary=b"},
            new String[] {"<password".repeat(n / 9), "application/xml"},
            new String[] {"<password>" + "<password ".repeat(n / 10), "application/xml"},
            new String[] {"<a b\"=\"".repeat(n / 7) + ">", "application/xml"},
            new String[] {"<a token=\"x".repeat(n / 11), "application/xml"});
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(10),
        () -> {
          for (String[] b : bodies) {
            assertThat(redactor.body(b[0], b[1])).isNotNull();
          }
        });
  }
}
