package ai.traceable.tme.engine.policy.signatures;

import static ai.traceable.tme.engine.policy.PolicyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.PolicyTestKit;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicySignaturesTest {

  private static RequestView sample() {
    return request(
        "POST",
        "/api/items?sort=asc&debug=1",
        Map.of(
            "user-agent", "curl/8.5.0",
            "x-api-key", "k-123",
            "cookie", "session=abc; theme=dark",
            "content-type", "application/x-www-form-urlencoded"),
        "name=widget&qty=5",
        "10.0.0.1");
  }

  /** target, name, operator, value, whether the sample request matches. */
  static Stream<Arguments> conditions() {
    return Stream.of(
        Arguments.of("URL", null, "EQUALS", "/api/items?sort=asc&debug=1", true),
        Arguments.of("URL", null, "NOT_EQUAL", "/api/items", true),
        Arguments.of("URL", null, "CONTAINS", "debug=1", true),
        Arguments.of("URL", null, "NOT_CONTAIN", "debug=1", false),
        Arguments.of("URL", null, "MATCHES_REGEX", "^/api/[a-z]+\\\\?", true),
        Arguments.of("URL", null, "NOT_MATCH_REGEX", "^/admin", true),
        Arguments.of("HTTP_METHOD", null, "EQUALS", "post", true),
        Arguments.of("HOST", null, "EQUALS", "api.example.com", true),
        Arguments.of("USER_AGENT", null, "CONTAINS", "curl", true),
        Arguments.of("USER_AGENT", null, "MATCHES_REGEX", "^Mozilla", false),
        Arguments.of("HEADER_NAME", null, "EQUALS", "x-api-key", true),
        Arguments.of("HEADER_VALUE", "x-api-key", "EQUALS", "k-123", true),
        Arguments.of("HEADER_VALUE", "x-api-key", "NOT_EQUAL", "k-123", false),
        Arguments.of("HEADER_VALUE", "x-missing", "NOT_EQUAL", "k-123", true),
        Arguments.of("HEADER_VALUE", null, "CONTAINS", "dark", true),
        Arguments.of("PARAMETER_NAME", null, "EQUALS", "debug", true),
        Arguments.of("PARAMETER_NAME", null, "EQUALS", "qty", true),
        Arguments.of("PARAMETER_VALUE", "qty", "EQUALS", "5", true),
        Arguments.of("PARAMETER_VALUE", "sort", "NOT_EQUAL", "asc", false),
        Arguments.of("COOKIE_NAME", null, "EQUALS", "session", true),
        Arguments.of("COOKIE_VALUE", "theme", "EQUALS", "dark", true),
        Arguments.of("COOKIE_VALUE", "session", "MATCHES_REGEX", "^[0-9]+$", false),
        Arguments.of("BODY", null, "CONTAINS", "widget", true),
        Arguments.of("BODY_SIZE", null, "EQUALS", "17", true),
        Arguments.of("BODY_SIZE", null, "GREATER_THAN", "16", true),
        Arguments.of("BODY_SIZE", null, "LESS_THAN", "17", false),
        Arguments.of("QUERY_PARAMS_COUNT", null, "EQUALS", "2", true),
        Arguments.of("HEADERS_COUNT", null, "GREATER_THAN", "3", true),
        Arguments.of("COOKIES_COUNT", null, "NOT_EQUAL", "2", false));
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
  @MethodSource("conditions")
  void eachTargetAndOperatorTestsItsPartOfTheRequest(
      String target, String name, String operator, String value, boolean matches) {
    String yaml =
        """
        policies:
          signatures:
            - id: sig
              when:
                - target: %s
                  %s
                  operator: %s
                  value: '%s'
        """
            .formatted(target, name == null ? "" : "name: " + name, operator, value);
    Decision d = PolicyTestKit.engine(yaml, new PolicyTestKit.ManualClock()).evaluate(sample());
    assertThat(d.label()).isEqualTo(matches ? "deny" : "allow");
  }

  private static final String GROUPS =
      """
      policies:
        signatures:
          - id: allow-health
            action: allow
            when: [{ target: URL, operator: EQUALS, value: /healthz }]
          - id: trial-rule
            action: mark_for_testing
            when: [{ target: USER_AGENT, operator: CONTAINS, value: bot }]
          - id: watch-exports
            action: alert
            when: [{ target: URL, operator: CONTAINS, value: export }]
          - id: scripted-writes
            when:
              - { target: HTTP_METHOD, operator: NOT_EQUAL, value: GET }
              - any:
                  - { target: USER_AGENT, operator: MATCHES_REGEX, value: '(?i)^(curl|python)' }
                  - all:
                      - { target: HEADER_VALUE, name: x-debug, operator: EQUALS, value: "1" }
                      - { target: BODY_SIZE, operator: GREATER_THAN, value: 10 }
      """;

  static Stream<Arguments> groups() {
    return Stream.of(
        Arguments.of(
            "POST by curl",
            "POST",
            "/x",
            Map.of("user-agent", "curl/8"),
            "",
            "deny",
            "scripted-writes"),
        Arguments.of("GET by curl", "GET", "/x", Map.of("user-agent", "curl/8"), "", "allow", ""),
        Arguments.of(
            "POST with debug header and a body",
            "POST",
            "/x",
            Map.of("user-agent", "Mozilla", "x-debug", "1"),
            "0123456789ab",
            "deny",
            "scripted-writes"),
        Arguments.of(
            "POST with debug header, small body",
            "POST",
            "/x",
            Map.of("user-agent", "Mozilla", "x-debug", "1"),
            "01",
            "allow",
            ""),
        Arguments.of("alert only", "GET", "/export", Map.of(), "", "monitor", "watch-exports"),
        Arguments.of(
            "marked for testing: recorded, never enforced",
            "POST",
            "/x",
            Map.of("user-agent", "goodbot"),
            "",
            "monitor",
            "trial-rule"),
        Arguments.of(
            "test mark then block",
            "POST",
            "/x",
            Map.of("user-agent", "curl-bot"),
            "",
            "deny",
            "trial-rule,scripted-writes"),
        Arguments.of(
            "allow wins over everything",
            "POST",
            "/healthz",
            Map.of("user-agent", "curl"),
            "",
            "allow",
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groups")
  void groupsCombineConditionsAndActionsDecide(
      String name,
      String method,
      String path,
      Map<String, String> headers,
      String body,
      String label,
      String ruleIds) {
    Decision d =
        PolicyTestKit.engine(GROUPS, new PolicyTestKit.ManualClock())
            .evaluate(request(method, path, headers, body, "10.0.0.1"));
    assertThat(d.label()).isEqualTo(label);
    assertThat(d.ruleIds()).isEqualTo(ruleIds);
  }

  @Test
  void markedForTestingNeverCountsAsWouldDeny() {
    Decision d =
        PolicyTestKit.engine(GROUPS, new PolicyTestKit.ManualClock())
            .evaluate(request("GET", "/", Map.of("user-agent", "bot"), "", "10.0.0.1"));
    assertThat(((Decision.Allow) d).wouldDeny()).isFalse();
    assertThat(d.findings().get(0).category()).isEqualTo("signature-test");
  }

  @Test
  void allowSignatureSkipsAttackDetection() {
    String yaml =
        """
        policies:
          signatures:
            - id: trusted-scanner
              action: allow
              when: [{ target: HEADER_VALUE, name: x-internal-scan, operator: EQUALS, value: "yes" }]
        """;
    RuleSet rules = RulesLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "t");
    StagedEngine engine = rules.engine(EngineMode.BLOCK);
    String attack = "/search?q=1'%20OR%201=1--";
    assertThat(engine.evaluate(request("GET", attack, Map.of(), "", "10.0.0.1")).label())
        .isEqualTo("deny");
    assertThat(
            engine
                .evaluate(request("GET", attack, Map.of("x-internal-scan", "yes"), "", "10.0.0.1"))
                .label())
        .isEqualTo("allow");
  }
}
