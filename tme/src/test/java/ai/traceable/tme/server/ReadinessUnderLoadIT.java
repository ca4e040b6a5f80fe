package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The kubelet's probes must not queue behind checks: with every thread that checks run on blocked
 * (the engine's, and the dispatcher that runs the gRPC streams and connection actors), {@code
 * /ready}, {@code /alive} and {@code /metrics} still answer at once.
 */
class ReadinessUnderLoadIT {
  private static final int THREADS = 2;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newHttpClient();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger evaluating = new AtomicInteger();

  /** Holds each evaluation until the test releases it. */
  private final Engine blockingEngine =
      request -> {
        evaluating.incrementAndGet();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Decision.Allow.clean();
      };

  private int probe(int port, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(PROBE_TIMEOUT)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void probesAnswerWhileEveryThreadChecksRunOnIsBlocked() throws Exception {
    Map<String, Object> sized =
        Map.of(
            "tme.engine.parallelism", THREADS,
            "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min", THREADS,
            "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max", THREADS);
    try (TmeFixture fixture = TmeFixture.start(sized, blockingEngine);
        CheckClient client = new CheckClient(fixture.grpcAddress())) {
      int port = fixture.settings().management().port();
      try {
        List<Future<CheckResponse>> held = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          held.add(client.checkAsync(Requests.get("/held-" + i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> evaluating.get() == THREADS);

        CountDownLatch occupied = new CountDownLatch(THREADS);
        Executor streams = fixture.tme().system().executionContext();
        for (int i = 0; i < THREADS; i++) {
          streams.execute(
              () -> {
                occupied.countDown();
                awaitRelease();
              });
        }
        assertThat(occupied.await(10, TimeUnit.SECONDS)).isTrue();

        Future<CheckResponse> queued = client.checkAsync(Requests.get("/queued"));
        assertThatThrownBy(() -> queued.get(500, TimeUnit.MILLISECONDS))
            .as("checks need the blocked dispatcher, so this one waits")
            .isInstanceOf(TimeoutException.class);

        long start = System.nanoTime();
        assertThat(probe(port, "/ready")).isEqualTo(200);
        assertThat(probe(port, "/alive")).isEqualTo(200);
        assertThat(probe(port, "/metrics")).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROBE_TIMEOUT);

        release.countDown();
        held.add(queued);
        for (Future<CheckResponse> check : held) {
          assertThat(check.get(20, TimeUnit.SECONDS).getStatus().getCode()).isZero();
        }
      } finally {
        release.countDown();
      }
    }
  }

  private void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
