package ai.traceable.tme.engine.policy.limits;

import static ai.traceable.tme.engine.policy.PolicyTestKit.get;
import static ai.traceable.tme.engine.policy.PolicyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.PolicyTestKit;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyEnumerationTest {
  private static final String RULES =
      """
      policies:
        enumeration:
          - id: user-ids
            path: "/api/users/{id}"
            parameter: id
            limit: 3
            period: PT1M
          - id: order-lookup
            action: alert
            methods: [POST]
            path: /api/orders/lookup
            bodyField: order.number
            limit: 2
            period: PT1M
      """;

  static Stream<Arguments> enumerations() {
    IntFunction<RequestView> user = i -> get("/api/users/" + i, "10.0.0.1");
    IntFunction<RequestView> order =
        i ->
            request(
                "POST",
                "/api/orders/lookup",
                Map.of("content-type", "application/json"),
                "{\"order\":{\"number\":" + i + "}}",
                "10.0.0.1");
    return Stream.of(
        Arguments.of("path parameter", user, 3, "deny", "user-ids"),
        Arguments.of("JSON body field, alert only", order, 2, "monitor", "order-lookup"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("enumerations")
  void oneClientTouchingMoreThanLimitDistinctValuesTrips(
      String name, IntFunction<RequestView> withValue, int limit, String label, String ruleId) {
    StagedEngine engine = PolicyTestKit.engine(RULES, new PolicyTestKit.ManualClock());
    for (int i = 0; i < limit; i++) {
      assertThat(engine.evaluate(withValue.apply(i)).label()).isEqualTo("allow");
      assertThat(engine.evaluate(withValue.apply(i)).label())
          .as("repeat of a value")
          .isEqualTo("allow");
    }
    Decision over = engine.evaluate(withValue.apply(limit));
    assertThat(over.label()).isEqualTo(label);
    assertThat(over.ruleIds()).isEqualTo(ruleId);
  }

  @Test
  void otherClientsAndOtherPathsAreNotCounted() {
    StagedEngine engine = PolicyTestKit.engine(RULES, new PolicyTestKit.ManualClock());
    for (int i = 0; i < 10; i++) {
      assertThat(engine.evaluate(get("/api/users/" + i, "10.0.0." + i)).label()).isEqualTo("allow");
      assertThat(engine.evaluate(get("/api/users/" + i + "/orders", "10.0.0.1")).label())
          .isEqualTo("allow");
    }
  }

  @Test
  void countStartsAgainWhenTheWindowEnds() {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    StagedEngine engine = PolicyTestKit.engine(RULES, clock);
    for (int i = 0; i < 4; i++) {
      engine.evaluate(get("/api/users/" + i, "10.0.0.1"));
    }
    assertThat(engine.evaluate(get("/api/users/9", "10.0.0.1")).label()).isEqualTo("deny");
    clock.advance(Duration.ofMinutes(1));
    assertThat(engine.evaluate(get("/api/users/9", "10.0.0.1")).label()).isEqualTo("allow");
  }

  @Test
  void stateStaysBoundedWhateverClientsSend() {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    PolicyState state = new PolicyState(500, Duration.ofMinutes(10), 429, clock, null);
    StagedEngine engine = PolicyTestKit.rules(RULES).engine(EngineMode.BLOCK, 0, state);
    for (int i = 0; i < 200_000; i++) {
      engine.evaluate(
          get("/api/users/" + i, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
    }
    assertThat(state.enumerationKeys()).isLessThanOrEqualTo(500);
  }

  @Test
  void distinctValuesHoldAtMostLimitPlusOneDigests() {
    DistinctValues values = new DistinctValues(3);
    for (int i = 0; i < 1000; i++) {
      values.add(i, 0, 1_000);
    }
    assertThat(values.size()).isEqualTo(4);
  }
}
