package ai.traceable.tme.engine.policy.limits;

import static ai.traceable.tme.engine.policy.PolicyTestKit.bearer;
import static ai.traceable.tme.engine.policy.PolicyTestKit.get;
import static ai.traceable.tme.engine.policy.PolicyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.PolicyTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyRateLimitTest {

  private static String limit(String key, String extra) {
    return """
        policies:
          rateLimits:
            - id: rl
              key: %s
              limit: 3
              period: PT1M
        %s
        """
        .formatted(key, extra);
  }

  /** Each row: key spec, a request, a request with the same key, a request with another key. */
  static Stream<Arguments> keys() {
    RequestView ipA = get("/a", "10.0.0.1");
    return Stream.of(
        Arguments.of("[ip]", ipA, get("/b", "10.0.0.1"), get("/a", "10.0.0.2")),
        Arguments.of(
            "[\"header:x-api-key\"]",
            request("GET", "/a", Map.of("x-api-key", "k1"), "", "10.0.0.1"),
            request("GET", "/b", Map.of("x-api-key", "k1"), "", "10.0.0.2"),
            request("GET", "/a", Map.of("x-api-key", "k2"), "", "10.0.0.1")),
        Arguments.of(
            "[\"claim:sub\"]",
            request(
                "GET", "/a", Map.of("authorization", bearer("{\"sub\":\"alice\"}")), "", "1.1.1.1"),
            request(
                "GET",
                "/b",
                Map.of("authorization", bearer("{\"sub\":\"alice\",\"x\":1}")),
                "",
                "2.2.2.2"),
            request(
                "GET", "/a", Map.of("authorization", bearer("{\"sub\":\"bob\"}")), "", "1.1.1.1")),
        Arguments.of("[path]", ipA, get("/a?page=2", "10.0.0.9"), get("/b", "10.0.0.1")),
        Arguments.of(
            "[method]",
            ipA,
            get("/b", "10.0.0.2"),
            request("POST", "/a", Map.of(), "", "10.0.0.1")),
        Arguments.of(
            "[ip, path, method]",
            ipA,
            get("/a", "10.0.0.1"),
            request("POST", "/a", Map.of(), "", "10.0.0.1")));
  }

  @ParameterizedTest(name = "key {0}")
  @MethodSource("keys")
  void limitTripsAfterLimitRequestsOfOneKeyAndLeavesOtherKeysAlone(
      String key, RequestView first, RequestView sameKey, RequestView otherKey) {
    StagedEngine engine = PolicyTestKit.engine(limit(key, ""), new PolicyTestKit.ManualClock());
    assertThat(engine.evaluate(first).label()).isEqualTo("allow");
    assertThat(engine.evaluate(sameKey).label()).isEqualTo("allow");
    assertThat(engine.evaluate(first).label()).isEqualTo("allow");
    Decision denied = engine.evaluate(sameKey);
    assertThat(denied).isInstanceOf(Decision.Deny.class);
    assertThat(((Decision.Deny) denied).status()).isEqualTo(429);
    assertThat(denied.ruleIds()).isEqualTo("rl");
    assertThat(engine.evaluate(otherKey).label()).isEqualTo("allow");
  }

  @Test
  void requestWithoutTheKeyIsNotCounted() {
    StagedEngine engine =
        PolicyTestKit.engine(limit("[\"claim:sub\"]", ""), new PolicyTestKit.ManualClock());
    for (int i = 0; i < 10; i++) {
      assertThat(
              engine
                  .evaluate(
                      request("GET", "/", Map.of("authorization", "Bearer junk"), "", "1.1.1.1"))
                  .label())
          .isEqualTo("allow");
    }
  }

  static Stream<Arguments> windows() {
    return Stream.of(
        // window, after a full minute: how many more are allowed at once
        Arguments.of("rolling", Duration.ofSeconds(20), 1),
        Arguments.of("fixed", Duration.ofSeconds(20), 0),
        Arguments.of("rolling", Duration.ofMinutes(1), 3),
        Arguments.of("fixed", Duration.ofMinutes(1), 3));
  }

  @ParameterizedTest(name = "{0} window, {1} later: {2} allowed")
  @MethodSource("windows")
  void allowanceReturnsAsTheWindowSays(String window, Duration later, int allowedAfter) {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    StagedEngine engine = PolicyTestKit.engine(limit("[ip]", "      window: " + window), clock);
    for (int i = 0; i < 3; i++) {
      engine.evaluate(get("/", "10.0.0.1"));
    }
    assertThat(engine.evaluate(get("/", "10.0.0.1")).label()).isEqualTo("deny");
    clock.advance(later);
    int allowed = 0;
    while (engine.evaluate(get("/", "10.0.0.1")).label().equals("allow")) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(allowedAfter);
  }

  @Test
  void tokenBucketAllowsItsBurstThenTheSteadyRate() {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    StagedEngine engine =
        PolicyTestKit.engine(limit("[ip]", "      window: token_bucket\n      burst: 6"), clock);
    int allowed = 0;
    while (engine.evaluate(get("/", "10.0.0.1")).label().equals("allow")) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(6);
    clock.advance(Duration.ofSeconds(20)); // 3 per minute: one back every 20 s
    assertThat(engine.evaluate(get("/", "10.0.0.1")).label()).isEqualTo("allow");
    assertThat(engine.evaluate(get("/", "10.0.0.1")).label()).isEqualTo("deny");
  }

  @Test
  void blockForKeepsDenyingAfterTheAllowanceIsBack() {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    StagedEngine engine =
        PolicyTestKit.engine(limit("[ip]", "      window: fixed\n      blockFor: PT5M"), clock);
    for (int i = 0; i < 4; i++) {
      engine.evaluate(get("/", "10.0.0.1"));
    }
    clock.advance(Duration.ofMinutes(2));
    assertThat(engine.evaluate(get("/", "10.0.0.1")).label()).isEqualTo("deny");
    clock.advance(Duration.ofMinutes(3));
    assertThat(engine.evaluate(get("/", "10.0.0.1")).label()).isEqualTo("allow");
  }

  @Test
  void perEndpointLimitCountsEachTemplateSeparatelyAndIgnoresOtherPaths() {
    StagedEngine engine =
        PolicyTestKit.engine(
            """
            policies:
              rateLimits:
                - id: per-endpoint
                  key: [ip, path]
                  methods: [GET]
                  paths: ["/api/users/{id}", "/api/orders/*"]
                  limit: 2
                  period: PT1M
            """,
            new PolicyTestKit.ManualClock());
    assertThat(engine.evaluate(get("/api/users/1", "10.0.0.1")).label()).isEqualTo("allow");
    assertThat(engine.evaluate(get("/api/users/2", "10.0.0.1")).label()).isEqualTo("allow");
    assertThat(engine.evaluate(get("/api/users/3", "10.0.0.1")).label()).isEqualTo("deny");
    assertThat(engine.evaluate(get("/api/orders/7", "10.0.0.1")).label()).isEqualTo("allow");
    for (int i = 0; i < 5; i++) {
      assertThat(engine.evaluate(get("/api/other", "10.0.0.1")).label()).isEqualTo("allow");
      assertThat(engine.evaluate(request("POST", "/api/users/1", Map.of(), "", "10.0.0.1")).label())
          .isEqualTo("allow");
    }
  }

  @Test
  void alertLimitReportsWithoutDenyingAndStatusComesFromTheRule() {
    StagedEngine engine =
        PolicyTestKit.engine(
            """
            policies:
              rateLimits:
                - id: watch
                  action: alert
                  limit: 1
                  period: PT1M
                - id: hard
                  limit: 2
                  period: PT1M
                  status: 420
            """,
            new PolicyTestKit.ManualClock());
    assertThat(engine.evaluate(get("/", "10.0.0.1")).label()).isEqualTo("allow");
    Decision second = engine.evaluate(get("/", "10.0.0.1"));
    assertThat(second.label()).isEqualTo("monitor");
    assertThat(((Decision.Allow) second).wouldDeny()).isFalse();
    Decision third = engine.evaluate(get("/", "10.0.0.1"));
    assertThat(third.ruleIds()).isEqualTo("watch,hard");
    assertThat(((Decision.Deny) third).status()).isEqualTo(420);
  }

  @Test
  void countersSurviveAReloadOfTheSameRule() {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    PolicyState state = PolicyTestKit.state(clock);
    String yaml = limit("[ip]", "");
    StagedEngine before = PolicyTestKit.rules(yaml).engine(EngineMode.BLOCK, 0, state);
    for (int i = 0; i < 3; i++) {
      before.evaluate(get("/", "10.0.0.1"));
    }
    StagedEngine after = PolicyTestKit.rules(yaml).engine(EngineMode.BLOCK, 0, state);
    assertThat(after.evaluate(get("/", "10.0.0.1")).label()).isEqualTo("deny");
  }

  @Test
  void manyThreadsOnOneKeyGetExactlyTheLimit() throws Exception {
    int limit = 500;
    StagedEngine engine =
        PolicyTestKit.engine(
            """
            policies:
              rateLimits:
                - id: shared
                  limit: %d
                  period: PT1H
            """
                .formatted(limit),
            new PolicyTestKit.ManualClock());
    int threads = 8;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  int allowed = 0;
                  for (int i = 0; i < perThread; i++) {
                    if (engine.evaluate(get("/", "10.0.0.1")) instanceof Decision.Allow) {
                      allowed++;
                    }
                  }
                  return allowed;
                }));
      }
      go.countDown();
      int allowed = 0;
      for (Future<Integer> f : results) {
        allowed += f.get(30, TimeUnit.SECONDS);
      }
      assertThat(allowed).isEqualTo(limit);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMillionDistinctKeysStayWithinTheConfiguredBound() {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    PolicyState state = new PolicyState(1_000, Duration.ofMinutes(10), 429, clock, null);
    StagedEngine engine =
        PolicyTestKit.rules(limit("[\"header:x-api-key\"]", "")).engine(EngineMode.BLOCK, 0, state);
    for (int i = 0; i < 1_000_000; i++) {
      engine.evaluate(request("GET", "/", Map.of("x-api-key", "key-" + i), "", "10.0.0.1"));
    }
    assertThat(state.rateLimitKeys()).isLessThanOrEqualTo(1_000);
  }

  @Test
  void idleKeysAreForgotten() {
    PolicyTestKit.ManualClock clock = new PolicyTestKit.ManualClock();
    PolicyState state = new PolicyState(1_000, Duration.ofMinutes(10), 429, clock, null);
    StagedEngine engine = PolicyTestKit.rules(limit("[ip]", "")).engine(EngineMode.BLOCK, 0, state);
    engine.evaluate(get("/", "10.0.0.1"));
    assertThat(state.rateLimitKeys()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(11));
    assertThat(state.rateLimitKeys()).isZero();
  }
}
