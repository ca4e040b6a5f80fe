package ai.traceable.tme.engine.seclang.eval;

import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.match;
import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.request;
import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.seclang.SecLangResult;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

  private static final String ENGINE =
      """
      SecRuleEngine On
      SecRequestBodyAccess On
      SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" \\
        "id:200001,phase:1,pass,nolog,ctl:requestBodyProcessor=JSON"
      """;

  @Test
  void urlEncodedBodyBecomesPostArguments() {
    String rules =
        ENGINE
            + """
            SecRule ARGS_POST:name "@streq a b" "id:1,phase:2,pass,log"
            SecRule ARGS:q "@streq 1" "id:2,phase:2,pass,log"
            SecRule REQBODY_PROCESSOR "@streq URLENCODED" "id:3,phase:1,pass,log"
            SecRule REQUEST_BODY "@contains name=" "id:4,phase:2,pass,log"
            SecRule ARGS_POST:name "@rx ." "id:5,phase:1,pass,log"
            """;
    SecLangResult r =
        run(
            rules,
            request(
                "POST",
                "/?q=1",
                "name=a+b&x=%41",
                "Content-Type",
                "application/x-www-form-urlencoded"));
    assertThat(r.loggedIds()).containsExactly(3L, 1L, 2L, 4L);
  }

  @Test
  void jsonBodyIsNamedByPathWithArrayIndices() {
    String rules =
        ENGINE
            + """
            SecRule ARGS_NAMES "@rx ." "id:1,phase:2,pass,log,logdata:'%{MATCHED_VAR}'"
            SecRule ARGS:json.user.tags.1 "@streq b" "id:2,phase:2,pass,log"
            SecRule REQBODY_ERROR "@eq 0" "id:3,phase:2,pass,log"
            """;
    SecLangResult r =
        run(
            rules,
            request(
                "POST",
                "/",
                "{\"user\":{\"name\":\"\\u00e9\",\"tags\":[\"a\",\"b\"],"
                    + "\"n\":1.5,\"ok\":true,\"none\":null}}",
                "Content-Type",
                "application/json"));
    assertThat(r.loggedIds()).containsExactly(1L, 2L, 3L);
    assertThat(match(r, 1).logdata()).isEqualTo("json.user.none");
  }

  @Test
  void malformedJsonSetsTheBodyError() {
    String rules =
        ENGINE
            + """
            SecRule REQBODY_ERROR "!@eq 0" "id:1,phase:2,pass,log,logdata:'%{REQBODY_ERROR_MSG}'"
            """;
    SecLangResult r =
        run(rules, request("POST", "/", "{\"a\":", "Content-Type", "application/json"));
    assertThat(r.loggedIds()).containsExactly(1L);
    assertThat(match(r, 1).logdata()).startsWith("JSON parsing error");
  }

  @Test
  void multipartFieldsFilesAndPartHeaders() {
    String rules =
        ENGINE
            + """
            SecRule ARGS:field "@streq hello" "id:1,phase:2,pass,log"
            SecRule FILES:upload "@streq shell.php" "id:2,phase:2,pass,log"
            SecRule FILES_COMBINED_SIZE "@eq 5" "id:3,phase:2,pass,log"
            SecRule MULTIPART_PART_HEADERS:upload "@rx ^Content-Type: text/plain$" "id:4,phase:2,pass,log"
            SecRule MULTIPART_STRICT_ERROR "@eq 0" "id:5,phase:2,pass,log"
            SecRule &MULTIPART_PART_HEADERS "@eq 3" "id:6,phase:2,pass,log"
            """;
    String body =
        "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"field\"\r\n\r\n"
            + "hello\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"upload\"; filename=\"shell.php\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + "<?php\r\n"
            + "--XyZ--\r\n";
    SecLangResult r =
        run(rules, request("POST", "/", body, "Content-Type", "multipart/form-data; boundary=XyZ"));
    assertThat(r.loggedIds()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void multipartIrregularitiesRaiseTheStrictFlags() {
    String rules =
        ENGINE
            + """
            SecRule MULTIPART_STRICT_ERROR "@eq 1" "id:1,phase:2,pass,log"
            SecRule MULTIPART_LF_LINE "@eq 1" "id:2,phase:2,pass,log"
            SecRule MULTIPART_DATA_BEFORE "@eq 1" "id:3,phase:2,pass,log"
            SecRule MULTIPART_BOUNDARY_QUOTED "@eq 1" "id:4,phase:2,pass,log"
            SecRule MULTIPART_INVALID_QUOTING "@eq 1" "id:5,phase:2,pass,log"
            SecRule REQBODY_ERROR "@eq 1" "id:6,phase:2,pass,log"
            """;
    String body = "junk\n--b\nContent-Disposition: form-data; name='x'\n\nv\n--b--\n";
    SecLangResult r =
        run(
            rules,
            request("POST", "/", body, "Content-Type", "multipart/form-data; boundary=\"b\""));
    assertThat(r.loggedIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
    String unterminated = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n";
    SecLangResult e =
        run(
            rules,
            request("POST", "/", unterminated, "Content-Type", "multipart/form-data; boundary=b"));
    assertThat(e.loggedIds()).containsExactly(1L, 6L);
  }

  @Test
  void rejectsBodiesOverTheLimitWith413() {
    String rules =
        """
        SecRuleEngine On
        SecRequestBodyAccess On
        SecRequestBodyLimit 10
        SecAction "id:1,phase:2,pass,log"
        """;
    SecLangResult r =
        run(rules, request("POST", "/", "x".repeat(11), "Content-Type", "text/plain"));
    assertThat(r.denied()).isTrue();
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.loggedIds()).isEmpty();
  }
}
