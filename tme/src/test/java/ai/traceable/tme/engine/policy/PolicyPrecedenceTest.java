package ai.traceable.tme.engine.policy;

import static ai.traceable.tme.engine.policy.PolicyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyPrecedenceTest {
  private static final String RULES =
      """
      ipLists:
        - id: legacy-block
          cidrs: [198.51.100.0/24]
      rules:
        - id: legacy-rule
          when: { path: { prefix: /legacy } }
      policies:
        sources:
          - id: trusted
            action: allow
            cidrs: [10.0.0.0/8]
          - id: blocked
            cidrs: [203.0.113.0/24]
        rateLimits:
          - id: limit-1
            limit: 1
            period: PT1H
        signatures:
          - id: sig-alert
            action: alert
            when: [{ target: URL, operator: CONTAINS, value: /x }]
          - id: sig-block
            when: [{ target: URL, operator: CONTAINS, value: /x }]
      """;

  /** Two requests from the same client; the second decision is checked. */
  static Stream<Arguments> order() {
    return Stream.of(
        Arguments.of(
            "allow-list beats block, rate limit and signature", "10.1.1.1", "/x", "allow", ""),
        Arguments.of(
            "source block comes before the rate limit", "203.0.113.1", "/x", "deny", "blocked"),
        Arguments.of("legacy ipLists are blocks", "198.51.100.1", "/x", "deny", "legacy-block"),
        Arguments.of("rate limit comes before signatures", "192.0.2.1", "/x", "deny", "limit-1"),
        Arguments.of(
            "rate limit comes before legacy rules", "192.0.2.2", "/legacy", "deny", "limit-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("order")
  void stagesRunInTheDocumentedOrder(
      String name, String ip, String path, String label, String ids) {
    StagedEngine engine = PolicyTestKit.engine(RULES, new PolicyTestKit.ManualClock());
    engine.evaluate(request("GET", "/first", Map.of(), "", ip));
    Decision d = engine.evaluate(request("GET", path, Map.of(), "", ip));
    assertThat(d.label()).isEqualTo(label);
    assertThat(d.ruleIds()).isEqualTo(ids);
  }

  @Test
  void firstRequestMeetsSignaturesAfterAlertsInFileOrder() {
    StagedEngine engine = PolicyTestKit.engine(RULES, new PolicyTestKit.ManualClock());
    Decision d = engine.evaluate(request("GET", "/x", Map.of(), "", "192.0.2.9"));
    assertThat(d.ruleIds()).isEqualTo("sig-alert,sig-block");
    assertThat(((Decision.Deny) d).status()).isEqualTo(Decision.Deny.CONFIGURED_STATUS);
  }

  @Test
  void monitorModeRunsEveryStageAndAllows() {
    StagedEngine engine =
        PolicyTestKit.rules(RULES)
            .engine(EngineMode.MONITOR, 0, PolicyTestKit.state(new PolicyTestKit.ManualClock()));
    engine.evaluate(request("GET", "/first", Map.of(), "", "203.0.113.1"));
    Decision d = engine.evaluate(request("GET", "/x", Map.of(), "", "203.0.113.1"));
    assertThat(d.label()).isEqualTo("monitor");
    assertThat(d.ruleIds()).isEqualTo("blocked,limit-1,sig-alert,sig-block");
    assertThat(((Decision.Allow) d).wouldDeny()).isTrue();
  }
}
