package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One connection floods tme with far more checks than its in-flight limit while every check it has
 * in flight is stuck in the engine. Its excess is answered at once under {@code
 * tme.check.on-overload} instead of queueing behind the stuck ones, it is counted, and another
 * connection still gets decisions at once from the engine threads the flood could not take.
 */
class SaturationIT {
  private static final int LIMIT = 4;
  private static final int THREADS = LIMIT + 2;
  private static final int FLOOD = 300;
  private static final Duration PROMPT = Duration.ofSeconds(2);

  @ParameterizedTest(name = "on-overload {0}")
  @ValueSource(strings = {"error", "deny"})
  void aFloodedConnectionIsAnsweredAtOnceOverItsLimitAndOthersStillGetDecisions(String policy)
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Engine engine =
        request -> {
          if (request.pathOnly().startsWith("/stuck")) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return Decision.Allow.clean();
        };
    try (TmeFixture tme =
            TmeFixture.start(
                Map.of(
                    "tme.connection.max-in-flight", LIMIT,
                    "tme.engine.parallelism", THREADS,
                    "tme.check.on-overload", policy),
                engine);
        CheckClient flooder = new CheckClient(tme.grpcAddress());
        CheckClient other = new CheckClient(tme.grpcAddress())) {
      List<Future<CheckResponse>> stuck = new ArrayList<>();
      for (int i = 0; i < LIMIT; i++) {
        stuck.add(flooder.checkAsync(Requests.get("/stuck/" + i)));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> tme.server().connections().checksInFlight() == LIMIT);

      CheckBurst.Result excess =
          CheckBurst.send(flooder, FLOOD, i -> Requests.get("/stuck/more/" + i), PROMPT);
      assertThat(excess.slowest()).as("slowest answer over the limit").isLessThan(PROMPT);
      if (policy.equals("deny")) {
        assertThat(excess.withCode(Status.Code.PERMISSION_DENIED.value())).isEqualTo(FLOOD);
      } else {
        assertThat(excess.errors(Status.Code.RESOURCE_EXHAUSTED)).isEqualTo(FLOOD);
      }
      assertThat(stuck).as("the checks in flight are still stuck").noneMatch(Future::isDone);

      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        CheckResponse answer = other.check(Requests.get("/other/" + i), PROMPT.toMillis());
        assertThat(answer.getStatus().getCode()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
      }

      Management m = new Management(tme.settings().management().port());
      assertThat(m.sum("tme_check_failures_total", Map.of("reason", "in_flight_limit")))
          .isEqualTo(FLOOD);
      release.countDown();
      for (Future<CheckResponse> f : stuck) {
        assertThat(f.get(10, TimeUnit.SECONDS).getStatus().getCode()).isZero();
      }
    } finally {
      release.countDown();
    }
  }
}
