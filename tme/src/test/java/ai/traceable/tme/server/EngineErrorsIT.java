package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.FailSafeEngine;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An engine that throws, behind the guard {@code serve} puts around it, answers every check through
 * the real gRPC port with the decision {@code tme.engine.on-error} names (never a gRPC error, which
 * Envoy's failure_mode_allow would decide), at once, and counts it on /metrics. Each kind of
 * failure a broken rule or detector can raise on one request: an exception, a recursion too deep, a
 * broken invariant, a class that failed to initialise, an allocation too large.
 */
class EngineErrorsIT {
  private static final int CHECKS = 20;

  /** Far below the client's deadline: an unanswered check would time out instead. */
  private static final Duration PROMPT = Duration.ofSeconds(2);

  static Stream<Arguments> failures() {
    Map<String, Supplier<Decision>> kinds =
        Map.of(
            "an exception", () -> List.<Decision>of().get(0),
            "a stack overflow", EngineErrorsIT::recurse,
            "an assertion error",
                () -> {
                  throw new AssertionError("invariant broken");
                },
            "a class that failed to initialise",
                () -> {
                  throw new ExceptionInInitializerError(new IllegalStateException("static init"));
                },
            "an allocation too large",
                () -> {
                  long[] huge = new long[Integer.MAX_VALUE];
                  return huge.length > 0 ? Decision.Allow.clean() : null;
                });
    return Stream.of("allow", "deny")
        .flatMap(
            policy ->
                kinds.entrySet().stream().map(k -> Arguments.of(policy, k.getKey(), k.getValue())));
  }

  private static Decision recurse() {
    return recurse();
  }

  @ParameterizedTest(name = "on-error {0}: {1}")
  @MethodSource("failures")
  void aThrowingEngineGetsTheOnErrorDecisionAtOnceAndIsCounted(
      String policy, String kind, Supplier<Decision> failure) throws Exception {
    Map<String, Object> overrides = Map.of("tme.engine.on-error", policy);
    TmeSettings settings = TmeSettings.fromConfig(TmeFixture.config(overrides));
    Engine broken = request -> failure.get();
    try (TmeFixture tme =
            TmeFixture.start(overrides, new FailSafeEngine(broken, settings.engine().onError()));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      boolean allow = policy.equals("allow");
      for (int i = 0; i < CHECKS; i++) {
        long start = System.nanoTime();
        CheckResponse response = client.check(Requests.get("/items/" + i), 10_000);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
        assertThat(response.getStatus().getCode())
            .isEqualTo(allow ? Status.Code.OK.value() : Status.Code.PERMISSION_DENIED.value());
        assertThat(response.getDynamicMetadata().getFieldsOrThrow("tme.decision").getStringValue())
            .isEqualTo(allow ? "fail-open" : "fail-closed");
      }
      Management m = new Management(tme.settings().management().port());
      String reason = allow ? "fail_open" : "fail_closed";
      assertThat(m.sum("tme_check_failures_total", Map.of("reason", reason))).isEqualTo(CHECKS);
      assertThat(m.sum("tme_check_failures_total", Map.of("reason", "internal_error"))).isZero();
      assertThat(m.sum("tme_checks_total", Map.of("decision", allow ? "allow" : "deny")))
          .isEqualTo(CHECKS);
    }
  }
}
