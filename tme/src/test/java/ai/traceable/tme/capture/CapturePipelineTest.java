package ai.traceable.tme.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.config.CaptureHeaders;
import ai.traceable.tme.config.CaptureSettings;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CapturePipelineTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static CaptureSettings settings(
      int queue, int maxRecords, long maxBytes, Duration maxDelay, int retries) {
    return new CaptureSettings(
        true,
        URI.create("http://127.0.0.1:1/v1/traces"),
        "tme-test",
        queue,
        maxRecords,
        maxBytes,
        maxDelay,
        1,
        retries,
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        Duration.ofSeconds(1),
        false,
        1024,
        List.of("json"),
        1.0,
        List.of("authorization"),
        List.of("password"),
        "",
        "redact",
        Duration.ofSeconds(5),
        CaptureHeaders.NONE,
        CaptureSettings.Tls.NONE);
  }

  /** Records the span count of each export and answers with the status {@code answer} gives. */
  static final class FakeAgent implements Exporter {
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final IntFunction<Integer> answer;

    FakeAgent(IntFunction<Integer> answer) {
      this.answer = answer;
    }

    @Override
    public CompletableFuture<Result> export(byte[] body) {
      int call = calls.incrementAndGet();
      int status = answer.apply(call);
      if (status == 200) {
        try {
          ExportTraceServiceRequest r = ExportTraceServiceRequest.parseFrom(body);
          batches.add(r.getResourceSpans(0).getScopeSpans(0).getSpansCount());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return CompletableFuture.completedFuture(
          new Result(status, Optional.empty(), status == 200 ? "" : "status " + status));
    }
  }

  private static CapturePipeline pipeline(CaptureSettings s, Exporter exporter) {
    return new CapturePipeline(
        testKit.system(),
        s,
        new SpanEncoder(
            "tme-test",
            "host",
            new Redactor(
                s.redactHeaders(),
                s.redactFields(),
                s.redactFieldPattern(),
                Redactor.Strategy.REDACT)),
        exporter);
  }

  @Test
  void batchesCloseOnTheRecordCount() throws Exception {
    FakeAgent agent = new FakeAgent(call -> 200);
    CapturePipeline p = pipeline(settings(100, 10, 1 << 20, Duration.ofSeconds(30), 0), agent);
    for (int i = 0; i < 25; i++) {
      assertThat(p.offer(Records.simple(i))).isTrue();
    }
    await().atMost(WAIT).until(() -> agent.batches.size() == 2);
    assertThat(agent.batches).containsExactly(10, 10);
    p.flush(WAIT).toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertThat(agent.batches).containsExactly(10, 10, 5);
    assertThat(p.counters().exported()).isEqualTo(25);
  }

  @Test
  void batchesCloseOnTheirWeight() {
    FakeAgent agent = new FakeAgent(call -> 200);
    long weight = Records.encoder().spanBytes(Records.simple(0)).length;
    CapturePipeline p = pipeline(settings(100, 1000, weight * 3, Duration.ofSeconds(30), 0), agent);
    for (int i = 0; i < 9; i++) {
      p.offer(Records.simple(0));
    }
    await().atMost(WAIT).until(() -> agent.batches.size() == 3);
    assertThat(agent.batches).allMatch(n -> n <= 3);
  }

  @Test
  void aPartialBatchLeavesAfterTheMaximumDelay() {
    FakeAgent agent = new FakeAgent(call -> 200);
    CapturePipeline p = pipeline(settings(100, 1000, 1 << 20, Duration.ofMillis(100), 0), agent);
    p.offer(Records.simple(1));
    p.offer(Records.simple(2));
    await().atMost(WAIT).until(() -> agent.batches.size() == 1);
    assertThat(agent.batches).containsExactly(2);
  }

  @Test
  void aFullQueueDropsAndCountsWithoutBlocking() {
    CompletableFuture<Exporter.Result> never = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    Exporter stuck =
        body -> {
          calls.incrementAndGet();
          return never;
        };
    CapturePipeline p = pipeline(settings(4, 1, 1 << 20, Duration.ofMillis(10), 0), stuck);
    int accepted = 0;
    for (int i = 0; i < 200; i++) {
      accepted += p.offer(Records.simple(i)) ? 1 : 0;
    }
    assertThat(p.counters().droppedQueueFull()).isEqualTo(200 - accepted).isGreaterThan(150);
    assertThat(p.counters().offered()).isEqualTo(200);
    never.complete(new Exporter.Result(200, Optional.empty(), ""));
  }

  @Test
  void retriesOn503ThenSucceeds() throws Exception {
    FakeAgent agent = new FakeAgent(call -> call <= 2 ? 503 : 200);
    CapturePipeline p = pipeline(settings(100, 10, 1 << 20, Duration.ofMillis(10), 5), agent);
    p.offer(Records.simple(1));
    await().atMost(WAIT).until(() -> p.counters().exported() == 1);
    assertThat(agent.calls.get()).isEqualTo(3);
    assertThat(p.counters().exportAttempts()).isEqualTo(3);
    assertThat(p.counters().batchesFailed()).isZero();
  }

  @Test
  void givesUpAfterTheRetryBoundAndCountsTheLoss() {
    FakeAgent agent = new FakeAgent(call -> 503);
    CapturePipeline p = pipeline(settings(100, 10, 1 << 20, Duration.ofMillis(10), 2), agent);
    p.offer(Records.simple(1));
    p.offer(Records.simple(2));
    await().atMost(WAIT).until(() -> p.counters().droppedRetriesExhausted() == 2);
    assertThat(agent.calls.get()).isEqualTo(3);
    assertThat(p.counters().batchesFailed()).isEqualTo(1);
    assertThat(p.counters().accountedFor()).isEqualTo(p.counters().offered());
  }

  @Test
  void aRejectedBatchIsNotRetried() {
    FakeAgent agent = new FakeAgent(call -> 400);
    CapturePipeline p = pipeline(settings(100, 10, 1 << 20, Duration.ofMillis(10), 5), agent);
    p.offer(Records.simple(1));
    await().atMost(WAIT).until(() -> p.counters().droppedRejected() == 1);
    assertThat(agent.calls.get()).isEqualTo(1);
  }

  @Test
  void aTlsFailureIsCountedAsSuchAndNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    Exporter untrusted =
        body -> {
          calls.incrementAndGet();
          return CompletableFuture.completedFuture(Exporter.Result.tlsFailed("PKIX path"));
        };
    CapturePipeline p = pipeline(settings(100, 10, 1 << 20, Duration.ofMillis(10), 5), untrusted);
    p.offer(Records.simple(1));
    p.offer(Records.simple(2));
    await().atMost(WAIT).until(() -> p.counters().droppedTls() == 2);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(p.counters().droppedRetriesExhausted()).isZero();
    assertThat(p.counters().accountedFor()).isEqualTo(p.counters().offered());
  }

  @Test
  void retryAfterIsHonouredUpToTheMaximumBackoff() {
    CapturePipeline p =
        pipeline(settings(10, 10, 1 << 20, Duration.ofMillis(10), 5), new FakeAgent(c -> 200));
    var asked = new Exporter.Result(429, Optional.of(Duration.ofMillis(30)), "slow down");
    var tooLong = new Exporter.Result(429, Optional.of(Duration.ofHours(1)), "slow down");
    assertThat(p.backoff(0, asked)).isEqualTo(Duration.ofMillis(30));
    assertThat(p.backoff(0, tooLong)).isEqualTo(Duration.ofMillis(50));
    var plain = Exporter.Result.failed("refused");
    for (int attempt = 0; attempt < 10; attempt++) {
      assertThat(p.backoff(attempt, plain)).isBetween(Duration.ofMillis(1), Duration.ofMillis(50));
    }
  }

  @Test
  void redactionHappensBeforeExport() throws Exception {
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    Exporter keep =
        body -> {
          bodies.add(body);
          return CompletableFuture.completedFuture(new Exporter.Result(200, Optional.empty(), ""));
        };
    CapturePipeline p = pipeline(settings(100, 1, 1 << 20, Duration.ofMillis(10), 0), keep);
    p.offer(
        Records.of(
            "/login",
            java.util.Map.of(
                "authorization", List.of("Bearer secret-token"),
                "content-type", List.of("application/json")),
            "{\"password\":\"hunter2\"}"));
    await().atMost(WAIT).until(() -> bodies.size() == 1);
    String text = ExportTraceServiceRequest.parseFrom(bodies.get(0)).toString();
    assertThat(text).doesNotContain("secret-token", "hunter2").contains("[REDACTED]");
  }

  @Test
  void aFailedStreamIsStartedAgainAndKeepsCapturing() {
    FakeAgent agent = new FakeAgent(call -> 200);
    CapturePipeline p = pipeline(settings(100, 1, 1 << 20, Duration.ofMillis(10), 0), agent);
    p.offer(Records.simple(1));
    await().atMost(WAIT).until(() -> p.counters().exported() == 1);

    p.failStream(new IllegalStateException("stage bug"));
    await().atMost(WAIT).until(() -> p.counters().restarts() == 1);
    await()
        .atMost(WAIT)
        .until(
            () -> {
              p.offer(Records.simple(2));
              return p.counters().exported() >= 2;
            });
  }
}
