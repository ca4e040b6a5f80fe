package ai.traceable.tme.engine.policy.methods;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.PolicyAction;
import ai.traceable.tme.rules.RulesLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MethodPolicyTest {
  private static final MethodPolicy DEFAULT =
      new MethodPolicy("m", MethodPolicy.DEFAULT_ALLOWED, PolicyAction.BLOCK);

  private static RequestView request(
      String method, String target, Map<String, List<String>> h, String body) {
    return new RequestView(
        method, target, "shop.example.com", h, body.getBytes(StandardCharsets.UTF_8), false, "", 0);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "TRACE, /, TRACE",
    "TRACK, /index.html, TRACK",
    "DEBUG, /default.aspx, DEBUG",
    "CONNECT, /, CONNECT",
    "PROPFIND, /webdav/, PROPFIND",
    "PURGE, /assets/app.js, PURGE",
    "G3T, /api/, G3T",
    "POST, /admin?_method=TRACE, TRACE",
    "POST, /x?a=1&_method=propfind, PROPFIND",
    "GET, /api/v1/products, ",
    "HEAD, /, ",
    "OPTIONS, /api/v1/orders, ",
    "DELETE, /api/v1/cart/7, ",
    "POST, /posts/12?_method=DELETE, ",
    "GET, /search?my_method=TRACE, "
  })
  void findsMethodsOffTheList(String method, String target, String expected) {
    assertThat(DEFAULT.violation(request(method, target, Map.of(), ""))).isEqualTo(expected);
  }

  @Test
  void overridesInHeadersAndFormsCount() {
    assertThat(
            DEFAULT.violation(
                request("POST", "/", Map.of("x-http-method-override", List.of("TRACE")), "")))
        .isEqualTo("TRACE");
    assertThat(
            DEFAULT.violation(
                request("POST", "/", Map.of("x-method-override", List.of("debug")), "")))
        .isEqualTo("DEBUG");
    Map<String, List<String>> form =
        Map.of("content-type", List.of("application/x-www-form-urlencoded"));
    assertThat(DEFAULT.violation(request("POST", "/u/3", form, "_method=PROPPATCH")))
        .isEqualTo("PROPPATCH");
    assertThat(DEFAULT.violation(request("POST", "/p/12", form, "_method=DELETE&token=x")))
        .isNull();
    assertThat(
            DEFAULT.violation(
                request("POST", "/", Map.of("x-http-method-override", List.of("PATCH")), "")))
        .isNull();
  }

  @Test
  void theBundledRulesDenyUnusualMethodsAndALoadedListReplacesTheDefault() {
    var bundled = RulesLoader.loadBundled().engine(EngineMode.BLOCK);
    assertThat(bundled.evaluate(request("PROPFIND", "/", Map.of(), "")))
        .isInstanceOf(Decision.Deny.class);
    assertThat(bundled.evaluate(request("PATCH", "/api/v1/users/4", Map.of(), "")))
        .isInstanceOf(Decision.Allow.class);
    String yaml =
        """
        version: "t"
        policies:
          methods:
            allow: [GET, PROPFIND]
        """;
    var custom =
        RulesLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test").engine(EngineMode.BLOCK);
    assertThat(custom.evaluate(request("PROPFIND", "/", Map.of(), "")))
        .isInstanceOf(Decision.Allow.class);
    Decision post = custom.evaluate(request("POST", "/", Map.of(), ""));
    assertThat(post).isInstanceOf(Decision.Deny.class);
    assertThat(post.findings().get(0).ruleId()).isEqualTo("unusual-method");
  }
}
