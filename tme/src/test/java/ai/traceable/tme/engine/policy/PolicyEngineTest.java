package ai.traceable.tme.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyEngineTest {
  private static final String RULES =
      """
      version: "t-1"
      ipLists:
        - id: bad-v4
          cidrs: ["203.0.113.0/24", "198.51.100.9"]
        - id: bad-v6
          cidrs: ["2001:db8:bad::/48"]
        - id: watch-list
          action: monitor
          cidrs: ["192.0.2.0/28"]
      rules:
        - id: admin-writes
          when:
            method: { in: [POST, PUT, DELETE] }
            path: { prefix: /admin }
        - id: debug-header
          when:
            headers:
              x-debug: { equals: "1" }
        - id: legacy-host
          action: monitor
          when:
            host: { suffix: ".legacy.example.com", ignoreCase: true }
        - id: export-regex
          when:
            path: { regex: '^/api/v[0-9]+/export\\b' }
      """;

  private static final RuleSet RULE_SET =
      RulesLoader.parse(RULES.getBytes(StandardCharsets.UTF_8), "test");

  private static RequestView request(
      String method, String path, String host, Map<String, List<String>> headers, String ip) {
    return new RequestView(method, path, host, headers, new byte[0], false, ip, 40000);
  }

  static Stream<Arguments> blockModeTable() {
    return Stream.of(
        Arguments.of(
            "clean GET",
            request("GET", "/api/users", "api.example.com", Map.of(), "10.0.0.1"),
            null),
        Arguments.of(
            "IPv4 in blocked CIDR", request("GET", "/", "h", Map.of(), "203.0.113.77"), "bad-v4"),
        Arguments.of(
            "single blocked IPv4", request("GET", "/", "h", Map.of(), "198.51.100.9"), "bad-v4"),
        Arguments.of(
            "neighbour of blocked IPv4", request("GET", "/", "h", Map.of(), "198.51.100.10"), null),
        Arguments.of(
            "IPv4-mapped IPv6 of blocked CIDR",
            request("GET", "/", "h", Map.of(), "::ffff:203.0.113.5"),
            "bad-v4"),
        Arguments.of(
            "IPv6 in blocked prefix",
            request("GET", "/", "h", Map.of(), "2001:db8:bad:1::2"),
            "bad-v6"),
        Arguments.of(
            "IPv6 outside blocked prefix",
            request("GET", "/", "h", Map.of(), "2001:db8:bae::1"),
            null),
        Arguments.of(
            "unparseable source address", request("GET", "/", "h", Map.of(), "not-an-ip"), null),
        Arguments.of(
            "POST under /admin",
            request("POST", "/admin/users", "h", Map.of(), "10.0.0.1"),
            "admin-writes"),
        Arguments.of(
            "lower-case method is normalised",
            request("delete", "/admin/x", "h", Map.of(), "10.0.0.1"),
            "admin-writes"),
        Arguments.of(
            "GET under /admin", request("GET", "/admin/users", "h", Map.of(), "10.0.0.1"), null),
        Arguments.of(
            "header equals",
            request("GET", "/", "h", Map.of("x-debug", List.of("1")), "10.0.0.1"),
            "debug-header"),
        Arguments.of(
            "second header value matches",
            request("GET", "/", "h", Map.of("x-debug", List.of("0", "1")), "10.0.0.1"),
            "debug-header"),
        Arguments.of(
            "header differs",
            request("GET", "/", "h", Map.of("x-debug", List.of("10")), "10.0.0.1"),
            null),
        Arguments.of(
            "regex on path",
            request("GET", "/api/v2/export?all=1", "h", Map.of(), "10.0.0.1"),
            "export-regex"),
        Arguments.of(
            "regex word boundary",
            request("GET", "/api/v2/exports", "h", Map.of(), "10.0.0.1"),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blockModeTable")
  void blockModeDeniesOnTheFirstBlockingMatch(String name, RequestView request, String deniedBy) {
    Decision decision = new PolicyEngine(RULE_SET, EngineMode.BLOCK).evaluate(request);
    if (deniedBy == null) {
      assertThat(decision).isInstanceOf(Decision.Allow.class);
      assertThat(((Decision.Allow) decision).wouldDeny()).isFalse();
    } else {
      assertThat(decision).isInstanceOf(Decision.Deny.class);
      assertThat(decision.findings().get(decision.findings().size() - 1).ruleId())
          .isEqualTo(deniedBy);
    }
  }

  @Test
  void monitorRulesAreReportedButNeverDeny() {
    RequestView fromWatchList =
        request("GET", "/", "www.LEGACY.example.com", Map.of(), "192.0.2.3");
    Decision decision = new PolicyEngine(RULE_SET, EngineMode.BLOCK).evaluate(fromWatchList);
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(decision.ruleIds()).isEqualTo("watch-list,legacy-host");
    assertThat(((Decision.Allow) decision).wouldDeny()).isFalse();
  }

  @Test
  void monitorModeEvaluatesEveryRuleAndAllowsWhatBlockModeWouldDeny() {
    RequestView attack =
        request("POST", "/admin/x", "h", Map.of("x-debug", List.of("1")), "203.0.113.1");
    Decision decision = new PolicyEngine(RULE_SET, EngineMode.MONITOR).evaluate(attack);
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(((Decision.Allow) decision).wouldDeny()).isTrue();
    assertThat(decision.ruleIds()).isEqualTo("bad-v4,admin-writes,debug-header");
  }

  @Test
  void offModeAllowsWithoutEvaluating() {
    RequestView attack = request("POST", "/admin/x", "h", Map.of(), "203.0.113.1");
    Decision decision = new PolicyEngine(RULE_SET, EngineMode.OFF).evaluate(attack);
    assertThat(decision).isEqualTo(Decision.Allow.clean());
  }

  @Test
  void aLargeIpListStillMatchesExactly() {
    StringBuilder yaml = new StringBuilder("ipLists:\n  - id: big\n    cidrs:\n");
    for (int i = 0; i < 20_000; i++) {
      yaml.append("      - 10.")
          .append(i / 256 % 256)
          .append('.')
          .append(i % 256)
          .append(".0/30\n");
    }
    RuleSet big = RulesLoader.parse(yaml.toString().getBytes(StandardCharsets.UTF_8), "big");
    PolicyEngine engine = new PolicyEngine(big, EngineMode.BLOCK);
    assertThat(engine.evaluate(request("GET", "/", "h", Map.of(), "10.78.31.2")))
        .isInstanceOf(Decision.Deny.class);
    assertThat(engine.evaluate(request("GET", "/", "h", Map.of(), "10.78.31.4")))
        .isInstanceOf(Decision.Allow.class);
  }

  @Test
  void ipListsJudgeTheForwardedClientWhenHopsAreTrusted() {
    RequestView viaBalancer =
        request(
            "GET",
            "/",
            "h",
            Map.of("x-forwarded-for", List.of("203.0.113.9, 10.1.2.3")),
            "10.0.0.1");
    var untrusting = new PolicyEngine(RULE_SET, EngineMode.BLOCK, 0);
    var trustingOne = new PolicyEngine(RULE_SET, EngineMode.BLOCK, 1);
    var trustingTwo = new PolicyEngine(RULE_SET, EngineMode.BLOCK, 2);
    var trustingFive = new PolicyEngine(RULE_SET, EngineMode.BLOCK, 5);
    assertThat(untrusting.evaluate(viaBalancer)).isInstanceOf(Decision.Allow.class);
    assertThat(trustingOne.evaluate(viaBalancer)).isInstanceOf(Decision.Allow.class);
    assertThat(trustingTwo.evaluate(viaBalancer)).isInstanceOf(Decision.Deny.class);
    // a header shorter than the trusted hops cannot pick the address: the socket peer stands
    assertThat(trustingFive.evaluate(viaBalancer)).isInstanceOf(Decision.Allow.class);
  }
}
