package ai.traceable.tme.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.inspect.Inspection;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.PolicyStage;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StagedEngineTest {
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
    Decision decision = RULE_SET.engine(EngineMode.BLOCK).evaluate(request);
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
    Decision decision = RULE_SET.engine(EngineMode.BLOCK).evaluate(fromWatchList);
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(decision.ruleIds()).isEqualTo("watch-list,legacy-host");
    assertThat(((Decision.Allow) decision).wouldDeny()).isFalse();
  }

  @Test
  void monitorModeEvaluatesEveryRuleAndAllowsWhatBlockModeWouldDeny() {
    RequestView attack =
        request("POST", "/admin/x", "h", Map.of("x-debug", List.of("1")), "203.0.113.1");
    Decision decision = RULE_SET.engine(EngineMode.MONITOR).evaluate(attack);
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(((Decision.Allow) decision).wouldDeny()).isTrue();
    assertThat(decision.ruleIds()).isEqualTo("bad-v4,admin-writes,debug-header");
  }

  @Test
  void offModeAllowsWithoutEvaluating() {
    RequestView attack = request("POST", "/admin/x", "h", Map.of(), "203.0.113.1");
    Decision decision = RULE_SET.engine(EngineMode.OFF).evaluate(attack);
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
    StagedEngine engine = big.engine(EngineMode.BLOCK);
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
    var untrusting = RULE_SET.engine(EngineMode.BLOCK, 0);
    var trustingOne = RULE_SET.engine(EngineMode.BLOCK, 1);
    var trustingTwo = RULE_SET.engine(EngineMode.BLOCK, 2);
    var trustingFive = RULE_SET.engine(EngineMode.BLOCK, 5);
    assertThat(untrusting.evaluate(viaBalancer)).isInstanceOf(Decision.Allow.class);
    assertThat(trustingOne.evaluate(viaBalancer)).isInstanceOf(Decision.Allow.class);
    assertThat(trustingTwo.evaluate(viaBalancer)).isInstanceOf(Decision.Deny.class);
    // a header shorter than the trusted hops cannot pick the address: the socket peer stands
    assertThat(trustingFive.evaluate(viaBalancer)).isInstanceOf(Decision.Allow.class);
  }

  /**
   * A rule engine that reports one finding for paths containing {@code /evil}, and counts calls.
   */
  private record EvilPaths(String id, RuleAction action, AtomicInteger calls)
      implements RuleEngine {
    EvilPaths(String id, RuleAction action) {
      this(id, action, new AtomicInteger());
    }

    @Override
    public void evaluate(Inspection request, Evaluation evaluation) {
      calls.incrementAndGet();
      if (request.view().path().contains("/evil")) {
        evaluation.add(new Finding(id, "rule-engine", action, "path"), 0);
      }
    }
  }

  private static StagedEngine withRuleEngines(EngineMode mode, RuleEngine... engines) {
    PolicyStage policies =
        new PolicyStage(
            RULE_SET.ipLists(), RULE_SET.rules(), RULE_SET.policies(), 0, PolicyState.local());
    return new StagedEngine(mode, policies, RULE_SET.detection(), List.of(engines));
  }

  @Test
  void aRuleEngineRunsAfterTheOtherStagesAndItsBlockingMatchDenies() {
    EvilPaths engine = new EvilPaths("re-1", RuleAction.BLOCK);
    StagedEngine staged = withRuleEngines(EngineMode.BLOCK, engine);
    Decision evil = staged.evaluate(request("GET", "/evil", "h", Map.of(), "10.0.0.1"));
    assertThat(evil).isInstanceOf(Decision.Deny.class);
    assertThat(evil.ruleIds()).isEqualTo("re-1");
    Decision fine = staged.evaluate(request("GET", "/fine", "h", Map.of(), "10.0.0.1"));
    assertThat(fine).isEqualTo(Decision.Allow.clean());
    assertThat(engine.calls()).hasValue(2);
  }

  @Test
  void noRuleEngineRunsOnceAnEarlierStageDenied() {
    EvilPaths first = new EvilPaths("re-1", RuleAction.BLOCK);
    EvilPaths second = new EvilPaths("re-2", RuleAction.BLOCK);
    StagedEngine staged = withRuleEngines(EngineMode.BLOCK, first, second);
    Decision byPolicy = staged.evaluate(request("POST", "/admin/evil", "h", Map.of(), "10.0.0.1"));
    assertThat(byPolicy.ruleIds()).isEqualTo("admin-writes");
    assertThat(first.calls()).hasValue(0);
    Decision byFirst = staged.evaluate(request("GET", "/evil", "h", Map.of(), "10.0.0.1"));
    assertThat(byFirst.ruleIds()).isEqualTo("re-1");
    assertThat(second.calls()).hasValue(0);
  }

  @Test
  void inMonitorModeRuleEnginesRunAfterPoliciesAndOnlyMarkWhatWouldBeDenied() {
    EvilPaths engine = new EvilPaths("re-1", RuleAction.BLOCK);
    StagedEngine staged = withRuleEngines(EngineMode.MONITOR, engine);
    Decision decision = staged.evaluate(request("POST", "/admin/evil", "h", Map.of(), "10.0.0.1"));
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(((Decision.Allow) decision).wouldDeny()).isTrue();
    assertThat(decision.ruleIds()).isEqualTo("admin-writes,re-1");
  }

  @Test
  void aMonitorMatchOfARuleEngineIsReportedWithoutDenying() {
    StagedEngine staged =
        withRuleEngines(EngineMode.BLOCK, new EvilPaths("re-1", RuleAction.MONITOR));
    Decision decision = staged.evaluate(request("GET", "/evil", "h", Map.of(), "10.0.0.1"));
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(((Decision.Allow) decision).wouldDeny()).isFalse();
    assertThat(decision.ruleIds()).isEqualTo("re-1");
  }
}
