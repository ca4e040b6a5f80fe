package ai.traceable.tme.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyLoaderTest {

  private static RuleSet parse(String yaml) {
    return RulesLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "rules.yaml");
  }

  /** A broken policies section and the message naming the entry and the problem. */
  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of(
            "unknown key in a source",
            "policies: {sources: [{id: s, cidrs: [10.0.0.0/8], expires: PT1M}]}",
            "Unrecognized field \"expires\""),
        Arguments.of(
            "unknown section", "policies: {ratelimits: []}", "Unrecognized field \"ratelimits\""),
        Arguments.of(
            "source without id",
            "policies: {sources: [{cidrs: [10.0.0.0/8]}]}",
            "every source needs an 'id'"),
        Arguments.of(
            "id shared with a rule",
            "rules: [{id: x, when: {path: {prefix: /}}}]\npolicies: {sources: [{id: x, cidrs: [10.0.0.0/8]}]}",
            "duplicate id 'x'"),
        Arguments.of(
            "bad CIDR",
            "policies: {sources: [{id: s, cidrs: [10.0.0.300/8]}]}",
            "source 's': '10.0.0.300/8' is not an IP address or CIDR block"),
        Arguments.of(
            "source without addresses",
            "policies: {sources: [{id: s, action: allow}]}",
            "source 's': 'cidrs' needs at least one entry"),
        Arguments.of(
            "source action of another kind",
            "policies: {sources: [{id: s, action: mark_for_testing, cidrs: [10.0.0.0/8]}]}",
            "source 's': unknown action 'mark_for_testing' (expected one of alert, block, allow, block_all_except)"),
        Arguments.of(
            "expiry not ISO-8601",
            "policies: {sources: [{id: s, expiresAfter: 10m, cidrs: [10.0.0.0/8]}]}",
            "source 's': 'expiresAfter' value '10m' is not an ISO-8601 duration"),
        Arguments.of(
            "rate limit without limit",
            "policies: {rateLimits: [{id: r, period: PT1M}]}",
            "rate limit 'r': 'limit' is required"),
        Arguments.of(
            "rate limit with zero limit",
            "policies: {rateLimits: [{id: r, limit: 0, period: PT1M}]}",
            "rate limit 'r': 'limit' must be positive, was 0"),
        Arguments.of(
            "rate limit without period",
            "policies: {rateLimits: [{id: r, limit: 5}]}",
            "rate limit 'r': 'period' is required"),
        Arguments.of(
            "unknown key part",
            "policies: {rateLimits: [{id: r, limit: 5, period: PT1M, key: [ip, cookie:sid]}]}",
            "rate limit 'r': unknown key part 'cookie:sid'"),
        Arguments.of(
            "unknown window",
            "policies: {rateLimits: [{id: r, limit: 5, period: PT1M, window: sliding}]}",
            "rate limit 'r': unknown window 'sliding' (expected one of rolling, token_bucket, fixed)"),
        Arguments.of(
            "burst outside token bucket",
            "policies: {rateLimits: [{id: r, limit: 5, period: PT1M, burst: 9}]}",
            "rate limit 'r': 'burst' applies only to window token_bucket"),
        Arguments.of(
            "status outside 400-499",
            "policies: {rateLimits: [{id: r, limit: 5, period: PT1M, status: 503}]}",
            "rate limit 'r': 'status' must be within 400-499, was 503"),
        Arguments.of(
            "rate limit allow action",
            "policies: {rateLimits: [{id: r, limit: 5, period: PT1M, action: allow}]}",
            "rate limit 'r': unknown action 'allow' (expected one of alert, block)"),
        Arguments.of(
            "bad path template",
            "policies: {rateLimits: [{id: r, limit: 5, period: PT1M, paths: [\"/a/**/b\"]}]}",
            "rate limit 'r': path template '/a/**/b': '**' may only be the last segment"),
        Arguments.of(
            "enumeration parameter not in template",
            "policies: {enumeration: [{id: e, path: \"/u/{id}\", parameter: uid, limit: 5, period: PT1M}]}",
            "enumeration 'e': 'parameter' uid must be a '{name}' of 'path'"),
        Arguments.of(
            "enumeration with parameter and body field",
            "policies: {enumeration: [{id: e, path: \"/u/{id}\", parameter: id, bodyField: a, limit: 5, period: PT1M}]}",
            "enumeration 'e': give exactly one of 'parameter', 'bodyField'"),
        Arguments.of(
            "signature without conditions",
            "policies: {signatures: [{id: g, when: []}]}",
            "signature 'g': 'when' needs at least one condition"),
        Arguments.of(
            "unknown target",
            "policies: {signatures: [{id: g, when: [{target: PATH, operator: EQUALS, value: x}]}]}",
            "signature 'g': unknown target 'PATH'"),
        Arguments.of(
            "unknown operator",
            "policies: {signatures: [{id: g, when: [{target: URL, operator: STARTS_WITH, value: x}]}]}",
            "signature 'g' URL: unknown operator 'STARTS_WITH'"),
        Arguments.of(
            "comparison on text",
            "policies: {signatures: [{id: g, when: [{target: URL, operator: GREATER_THAN, value: 3}]}]}",
            "signature 'g' URL: GREATER_THAN applies only to BODY_SIZE and the *_COUNT targets"),
        Arguments.of(
            "text operator on a number",
            "policies: {signatures: [{id: g, when: [{target: BODY_SIZE, operator: CONTAINS, value: 3}]}]}",
            "signature 'g' BODY_SIZE: a number takes EQUALS, NOT_EQUAL, GREATER_THAN or LESS_THAN"),
        Arguments.of(
            "number that is not one",
            "policies: {signatures: [{id: g, when: [{target: HEADERS_COUNT, operator: LESS_THAN, value: many}]}]}",
            "signature 'g' HEADERS_COUNT: 'many' is not a whole number"),
        Arguments.of(
            "regex RE2 rejects",
            "policies: {signatures: [{id: g, when: [{target: URL, operator: MATCHES_REGEX, value: '(?=x)'}]}]}",
            "signature 'g' URL: invalid regex"),
        Arguments.of(
            "name on a target without names",
            "policies: {signatures: [{id: g, when: [{target: URL, name: x, operator: EQUALS, value: x}]}]}",
            "signature 'g' URL: 'name' applies only to HEADER_VALUE, PARAMETER_VALUE and COOKIE_VALUE"),
        Arguments.of(
            "test and group in one condition",
            "policies: {signatures: [{id: g, when: [{target: URL, operator: EQUALS, value: x, any: []}]}]}",
            "signature 'g': a condition is exactly one of a test (target), 'all' or 'any'"),
        Arguments.of(
            "empty group",
            "policies: {signatures: [{id: g, when: [{all: []}]}]}",
            "signature 'g': an 'all'/'any' group needs conditions"),
        Arguments.of(
            "empty entry",
            "policies: {signatures: [~]}",
            "'policies.signatures' holds an empty entry"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenPolicyEntryIsRejectedWithAMessageNamingIt(String name, String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(RulesException.class)
        .hasMessageStartingWith("rules.yaml: ")
        .hasMessageContaining(message);
  }

  @Test
  void filesWithoutPoliciesLoadAsBefore() {
    RuleSet rules =
        parse(
            """
            ipLists: [{id: l, cidrs: [10.0.0.0/8]}]
            rules: [{id: r, when: {path: {prefix: /admin}}}]
            """);
    assertThat(rules.size()).isEqualTo(2);
    assertThat(rules.policies().isEmpty()).isTrue();
  }

  @Test
  void everyKindCountsTowardsTheSize() {
    RuleSet rules =
        parse(
            """
            policies:
              sources: [{id: s, cidrs: [10.0.0.0/8]}]
              rateLimits: [{id: r, limit: 1, period: PT1S}]
              enumeration: [{id: e, bodyField: a.b, limit: 1, period: PT1S}]
              signatures:
                - {id: g1, action: allow, when: [{target: URL, operator: EQUALS, value: /h}]}
                - {id: g2, when: [{target: URL, operator: EQUALS, value: /x}]}
            """);
    assertThat(rules.size()).isEqualTo(5);
  }
}
