package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.inspect.TimeBudget;
import ai.traceable.tme.metrics.TmeMetrics;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grpc-timeout Envoy sends and the engine's time budget, through the real port, with one engine
 * thread that the test holds busy instead of racing it.
 */
class DeadlineIT {
  private static final long CLIENT_DEADLINE_MS = 200;
  private static final Set<String> evaluated = ConcurrentHashMap.newKeySet();
  private static final CountDownLatch releaseBlocker = new CountDownLatch(1);
  private static TmeFixture tme;
  private static CheckClient client;

  /** Holds the engine thread on /block; works until its budget is over on /spin. */
  private static final Engine ENGINE =
      new Engine() {
        @Override
        public Decision evaluate(RequestView request) {
          return evaluate(request, TimeBudget.NONE);
        }

        @Override
        public Decision evaluate(RequestView request, TimeBudget budget) {
          evaluated.add(request.pathOnly());
          if (request.pathOnly().equals("/block")) {
            try {
              releaseBlocker.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          if (request.pathOnly().equals("/spin")) {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!budget.over() && System.nanoTime() - giveUp < 0) {
              Thread.onSpinWait();
            }
            return new Decision.Allow(List.of(), false, false, 0, budget.exhausted());
          }
          return Decision.Allow.clean();
        }
      };

  @BeforeAll
  static void start() throws Exception {
    tme =
        TmeFixture.start(
            Map.of(
                "tme.engine.parallelism", 1,
                "tme.engine.time-budget", "20ms",
                "tme.check.on-over-budget", "deny"),
            ENGINE);
    client = new CheckClient(tme.grpcAddress());
  }

  @AfterAll
  static void stop() throws Exception {
    releaseBlocker.countDown();
    client.close();
    tme.close();
  }

  private static double counter(String name, String reason) {
    return TmeMetrics.get(tme.tme().system())
        .registry()
        .get(name)
        .tag("reason", reason)
        .counter()
        .count();
  }

  @Test
  void aCheckWhoseDeadlinePassesInTheQueueIsDroppedWithoutEvaluation() throws Exception {
    double before = counter("tme.check.failures", "deadline_exceeded");
    Future<CheckResponse> blocker = client.checkAsync(Requests.get("/block"));
    await().atMost(Duration.ofSeconds(10)).until(() -> evaluated.contains("/block"));

    try (CheckClient late = new CheckClient(tme.grpcAddress())) {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () -> late.check(Requests.get("/late"), CLIENT_DEADLINE_MS));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
    // the late check is queued behind the blocker; its server-side deadline is at most the
    // client's deadline after it arrived, so it has surely passed this long after it is counted
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tme.server().connections().checksInFlight() >= 2);
    long passed = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLIENT_DEADLINE_MS);
    await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - passed > 0);
    releaseBlocker.countDown();

    assertThat(blocker.get(10, TimeUnit.SECONDS).getStatus().getCode()).isZero();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> counter("tme.check.failures", "deadline_exceeded") == before + 1);
    assertThat(evaluated).doesNotContain("/late");
  }

  @Test
  void anEvaluationOverItsBudgetEndsWithAPartialDecisionUnderItsPolicy() {
    double before = counter("tme.check.partial", "over_budget");
    CheckResponse response = client.check(Requests.get("/spin"));
    assertThat(response.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
    assertThat(
            response
                .getDynamicMetadata()
                .getFieldsMap()
                .get(CheckResponses.PARTIAL_KEY)
                .getStringValue())
        .isEqualTo("over-budget");
    PartialCheckIT.awaitCount(() -> counter("tme.check.partial", "over_budget"), before + 1);
  }
}
