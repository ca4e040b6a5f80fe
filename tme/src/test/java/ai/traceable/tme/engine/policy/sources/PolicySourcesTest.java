package ai.traceable.tme.engine.policy.sources;

import static ai.traceable.tme.engine.policy.PolicyTestKit.get;
import static ai.traceable.tme.engine.policy.PolicyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.PolicyTestKit;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.rules.RuleSet;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicySourcesTest {
  private static final String SOURCES =
      """
      ipLists:
        - id: legacy-list
          cidrs: [100.64.0.0/10]
      policies:
        sources:
          - id: office
            action: allow
            cidrs: [10.1.0.0/16, "2001:db8:1::/48"]
          - id: bad
            action: block
            cidrs: [203.0.113.0/24, "2001:db8:bad::/48"]
          - id: watch
            action: alert
            cidrs: [192.0.2.0/24]
          - id: temp-ban
            action: block
            expiresAfter: PT10M
            cidrs: [198.51.100.7]
        signatures:
          - id: no-admin
            when: [{ target: URL, operator: CONTAINS, value: /admin }]
      """;

  static Stream<Arguments> sources() {
    return Stream.of(
        Arguments.of(
            "allow-listed client skips every later check", "10.1.2.3", "/admin", "allow", ""),
        Arguments.of("allow-listed IPv6 client", "2001:db8:1::5", "/admin", "allow", ""),
        Arguments.of("client in a blocked range", "203.0.113.9", "/", "deny", "bad"),
        Arguments.of("IPv6 client in a blocked range", "2001:db8:bad::1", "/", "deny", "bad"),
        Arguments.of("IPv4-mapped IPv6 client", "::ffff:203.0.113.9", "/", "deny", "bad"),
        Arguments.of("single blocked address", "198.51.100.7", "/", "deny", "temp-ban"),
        Arguments.of("neighbour of a blocked address", "198.51.100.8", "/", "allow", ""),
        Arguments.of("alert range is reported, not denied", "192.0.2.1", "/", "monitor", "watch"),
        Arguments.of("legacy ipLists keep blocking", "100.64.1.1", "/", "deny", "legacy-list"),
        Arguments.of("signatures still apply to others", "8.8.8.8", "/admin", "deny", "no-admin"),
        Arguments.of("unparseable address matches no source", "nope", "/", "allow", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void sourcesAllowBlockOrAlertByClientAddress(
      String name, String ip, String path, String label, String ruleIds) {
    Decision d =
        PolicyTestKit.engine(SOURCES, new PolicyTestKit.ManualClock()).evaluate(get(path, ip));
    assertThat(d.label()).isEqualTo(label);
    assertThat(d.ruleIds()).isEqualTo(ruleIds);
  }

  @Test
  void expiringBlockStopsApplyingOnceItsDurationHasPassedSinceLoad() {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    StagedEngine engine = PolicyTestKit.engine(SOURCES, clock);
    assertThat(engine.evaluate(get("/", "198.51.100.7")).label()).isEqualTo("deny");
    clock.advance(Duration.ofMinutes(9).plusSeconds(59));
    assertThat(engine.evaluate(get("/", "198.51.100.7")).label()).isEqualTo("deny");
    clock.advance(Duration.ofSeconds(1));
    assertThat(engine.evaluate(get("/", "198.51.100.7")).label()).isEqualTo("allow");
    assertThat(engine.evaluate(get("/", "203.0.113.1")).label()).isEqualTo("deny");
  }

  private static final String ALLOW_LIST_MODE =
      """
      policies:
        sources:
          - id: partners-only
            action: block_all_except
            cidrs: [10.0.0.0/8]
          - id: trial-partner
            action: BLOCK-ALL-EXCEPT
            expiresAfter: PT1H
            cidrs: [172.16.5.0/24]
        signatures:
          - id: no-admin
            when: [{ target: URL, operator: CONTAINS, value: /admin }]
      """;

  static Stream<Arguments> allowListMode() {
    return Stream.of(
        Arguments.of("client inside the allow-list passes", "10.2.3.4", "/", "allow", ""),
        Arguments.of(
            "inside the list, later checks still run", "10.2.3.4", "/admin", "deny", "no-admin"),
        Arguments.of("second entry also admits", "172.16.5.9", "/", "allow", ""),
        Arguments.of(
            "client outside every entry is denied", "8.8.8.8", "/", "deny", "partners-only"),
        Arguments.of("missing address is denied", "", "/", "deny", "partners-only"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allowListMode")
  void blockAllExceptDeniesEveryClientOutsideItsEntries(
      String name, String ip, String path, String label, String ruleIds) {
    Decision d =
        PolicyTestKit.engine(ALLOW_LIST_MODE, new PolicyTestKit.ManualClock())
            .evaluate(get(path, ip));
    assertThat(d.label()).isEqualTo(label);
    assertThat(d.ruleIds()).isEqualTo(ruleIds);
  }

  @Test
  void expiredAllowListEntryNoLongerAdmits() {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    StagedEngine engine = PolicyTestKit.engine(ALLOW_LIST_MODE, clock);
    assertThat(engine.evaluate(get("/", "172.16.5.9")).label()).isEqualTo("allow");
    clock.advance(Duration.ofHours(1));
    assertThat(engine.evaluate(get("/", "172.16.5.9")).label()).isEqualTo("deny");
  }

  @Test
  void trustedForwardedForEntryNamesTheClient() {
    RuleSet rules = PolicyTestKit.rules(SOURCES);
    PolicyState state = PolicyTestKit.state(new PolicyTestKit.ManualClock());
    RequestView viaBalancer =
        request("GET", "/", Map.of("x-forwarded-for", "203.0.113.5, 10.9.9.9"), "", "10.0.0.1");
    assertThat(rules.engine(EngineMode.BLOCK, 2, state).evaluate(viaBalancer).label())
        .isEqualTo("deny");
    assertThat(rules.engine(EngineMode.BLOCK, 1, state).evaluate(viaBalancer).label())
        .isEqualTo("allow");
    assertThat(rules.engine(EngineMode.BLOCK, 0, state).evaluate(viaBalancer).label())
        .isEqualTo("allow");
  }

  @Test
  void tensOfThousandsOfEntriesAreLookedUpByPrefix() {
    StringBuilder yaml = new StringBuilder("policies:\n  sources:\n");
    for (int i = 0; i < 20_000; i++) {
      yaml.append("    - id: s")
          .append(i)
          .append("\n      cidrs: [\"")
          .append(20 + i / 65536 % 200)
          .append('.')
          .append(i / 256 % 256)
          .append('.')
          .append(i % 256)
          .append(".0/24\"]\n");
    }
    RuleSet rules = PolicyTestKit.rules(yaml.toString());
    StagedEngine engine =
        rules.engine(EngineMode.BLOCK, 0, PolicyTestKit.state(new PolicyTestKit.ManualClock()));
    assertThat(engine.evaluate(get("/", "20.78.31.200")).ruleIds())
        .isEqualTo("s" + (78 * 256 + 31));
    assertThat(engine.evaluate(get("/", "21.0.0.1")).label()).isEqualTo("allow");
    assertThat(rules.size()).isEqualTo(20_000);
  }
}
