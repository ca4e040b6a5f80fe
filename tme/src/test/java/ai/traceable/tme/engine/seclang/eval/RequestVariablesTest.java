package ai.traceable.tme.engine.seclang.eval;

import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.get;
import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.match;
import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.seclang.SecLangResult;
import org.junit.jupiter.api.Test;

class RequestVariablesTest {

  private static String show(String variable, long id) {
    return "SecRule "
        + variable
        + " \"@unconditionalMatch\" \"id:"
        + id
        + ",phase:1,pass,log,logdata:'%{MATCHED_VAR}'\"\n";
  }

  @Test
  void splitsTheRequestLineAndUriAsModSecurityDoes() {
    String rules =
        show("REQUEST_LINE", 1)
            + show("REQUEST_URI", 2)
            + show("REQUEST_URI_RAW", 3)
            + show("REQUEST_FILENAME", 4)
            + show("REQUEST_BASENAME", 5)
            + show("QUERY_STRING", 6)
            + show("ARGS_GET:b", 7)
            + show("REQUEST_METHOD", 8)
            + show("REQUEST_PROTOCOL", 9)
            + show("ARGS_COMBINED_SIZE", 10);
    SecLangResult r = run(rules, get("http://example.com/a%20b/c+d.php?a=1&b=x+y%21#frag"));
    assertThat(match(r, 1).logdata())
        .isEqualTo("GET http://example.com/a%20b/c+d.php?a=1&b=x+y%21#frag HTTP/1.1");
    assertThat(match(r, 2).logdata()).isEqualTo("/a%20b/c+d.php?a=1&b=x+y%21#frag");
    assertThat(match(r, 3).logdata())
        .isEqualTo("http://example.com/a%20b/c+d.php?a=1&b=x+y%21#frag");
    assertThat(match(r, 4).logdata()).isEqualTo("/a b/c+d.php");
    assertThat(match(r, 5).logdata()).isEqualTo("c+d.php");
    assertThat(match(r, 6).logdata()).isEqualTo("a=1&b=x+y%21");
    assertThat(match(r, 7).logdata()).isEqualTo("x y!");
    assertThat(match(r, 8).logdata()).isEqualTo("GET");
    assertThat(match(r, 9).logdata()).isEqualTo("HTTP/1.1");
    assertThat(match(r, 10).logdata()).isEqualTo("7");
  }

  @Test
  void readsHeadersAndCookiesWithTheirNames() {
    String rules =
        """
        SecRule REQUEST_HEADERS_NAMES "@rx ^X-" "id:1,phase:1,pass,log,logdata:'%{MATCHED_VAR_NAME}'"
        SecRule REQUEST_COOKIES_NAMES "@streq b" "id:2,phase:1,pass,log,logdata:'%{MATCHED_VAR_NAME}'"
        SecRule REQUEST_COOKIES:b "@streq \\"2 3\\"" "id:3,phase:1,pass,log"
        SecRule &REQUEST_HEADERS:x-one "@eq 2" "id:4,phase:1,pass,log"
        """;
    SecLangResult r =
        run(rules, get("/", "X-One", "1", "Cookie", "a=1; b=\"2 3\";c", "x-one", "2"));
    assertThat(match(r, 1).logdata()).isEqualTo("REQUEST_HEADERS_NAMES:X-One");
    assertThat(match(r, 2).logdata()).isEqualTo("REQUEST_COOKIES_NAMES:b");
    assertThat(r.loggedIds()).containsExactly(1L, 2L, 3L, 4L);
  }
}
