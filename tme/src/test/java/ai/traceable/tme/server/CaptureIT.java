package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.capture.CaptureCounters;
import ai.traceable.tme.capture.OtlpReceiver;
import ai.traceable.tme.capture.SpanAttributes;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.metrics.TmeMetrics;
import ai.traceable.tme.rules.RulesLoader;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Capture end to end: checks through the real gRPC port with Envoy's classes, spans arriving at an
 * OTLP/HTTP receiver on a real port, decoded with the official OpenTelemetry classes.
 */
class CaptureIT {
  private static final ActorTestKit receiverKit = ActorTestKit.create("otlp-receiver");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @AfterAll
  static void stop() {
    receiverKit.shutdownTestKit();
  }

  private static Map<String, Object> captureTo(String endpoint) {
    Map<String, Object> o = TmeFixture.captureTo(endpoint);
    o.put("tme.capture.service-name", "tme-it");
    return o;
  }

  private static TmeFixture start(Map<String, Object> overrides) throws Exception {
    return TmeFixture.start(overrides, RulesLoader.loadBundled().engine(EngineMode.BLOCK));
  }

  private static Map<String, String> attributes(Span span) {
    return SpanAttributes.of(span);
  }

  @Test
  void allowedAndDeniedChecksArriveAsSpansWithSecretsRedacted() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(receiverKit.system(), 0);
        TmeFixture tme = start(captureTo(receiver.endpoint()));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      byte[] body = "{\"user\":\"ann\",\"password\":\"hunter2\"}".getBytes(StandardCharsets.UTF_8);
      CheckRequest login =
          Requests.http(
              "POST",
              "/login",
              Map.of(
                  "content-type", "application/json",
                  "authorization", "Bearer top-secret",
                  "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
              "198.51.100.7",
              body);
      client.check(login);
      client.check(Requests.get("/download?file=../../../../etc/passwd"));

      await().atMost(WAIT).until(() -> receiver.spans.size() == 2);
      Map<String, Map<String, String>> byTarget = new HashMap<>();
      for (Span s : receiver.spans) {
        Map<String, String> a = attributes(s);
        byTarget.put(a.get("http.target"), a);
      }
      Map<String, String> allowed = byTarget.get("/login");
      assertThat(allowed)
          .containsEntry("http.method", "POST")
          .containsEntry("tme.decision", "allow")
          .containsEntry("http.request.header.authorization", "[REDACTED]")
          .containsEntry("net.peer.ip", "198.51.100.7");
      assertThat(allowed.get("http.request.body")).contains("ann").doesNotContain("hunter2");
      Map<String, String> denied = byTarget.get("/download?file=../../../../etc/passwd");
      assertThat(denied)
          .containsEntry("tme.decision", "deny")
          .containsEntry("tme.categories", "traversal");
      assertThat(denied.get("tme.rule_ids")).contains("traversal-");
      Span loginSpan =
          receiver.spans.stream()
              .filter(s -> attributes(s).get("http.target").equals("/login"))
              .findFirst()
              .orElseThrow();
      assertThat(java.util.HexFormat.of().formatHex(loginSpan.getTraceId().toByteArray()))
          .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      CaptureCounters counters = tme.tme().capture().counters();
      assertThat(counters.exported()).isEqualTo(2);
      var registry = TmeMetrics.get(tme.tme().system()).registry();
      assertThat(registry.get("tme.capture.records.exported").functionCounter().count())
          .isEqualTo(2.0);
      assertThat(registry.get("tme.capture.records.offered").functionCounter().count())
          .isEqualTo(2.0);
      assertThat(
              registry
                  .get("tme.capture.records.dropped")
                  .tag("reason", "queue_full")
                  .functionCounter()
                  .count())
          .isZero();
    }
  }

  @Test
  void aDeadAgentNeverDelaysChecksAndEveryLossIsCounted() throws Exception {
    int deadPort = TmeFixture.freePort();
    Map<String, Object> o = captureTo("http://127.0.0.1:" + deadPort + "/v1/traces");
    o.put("tme.capture.retry.max-retries", 1);
    o.put("tme.capture.queue-size", 16);
    try (TmeFixture tme = start(o);
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      for (int i = 0; i < 200; i++) {
        assertThat(client.check(Requests.get("/items/" + i)).getStatus().getCode()).isZero();
      }
      CaptureCounters c = tme.tme().capture().counters();
      // every record ends up counted: exported (none here) or dropped for a reason
      // (each offer follows its answer, so the last offers may trail the last answer)
      await().atMost(WAIT).until(() -> c.offered() == 200 && c.accountedFor() == c.offered());
      assertThat(c.exported()).isZero();
      assertThat(c.droppedQueueFull() + c.droppedRetriesExhausted()).isPositive();
      var registry = TmeMetrics.get(tme.tme().system()).registry();
      double dropped =
          registry.get("tme.capture.records.dropped").functionCounters().stream()
              .mapToDouble(fc -> fc.count())
              .sum();
      assertThat(dropped)
          .isEqualTo(
              c.droppedQueueFull()
                  + c.droppedRetriesExhausted()
                  + c.droppedShutdown()
                  + c.droppedRejected()
                  + c.droppedTls()
                  + c.droppedEncoding());
    }
  }

  @Test
  void captureResumesWhenTheAgentRecovers() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(receiverKit.system(), 0);
        TmeFixture tme = start(captureTo(receiver.endpoint()));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      receiver.status.set(500);
      client.check(Requests.get("/during-outage"));
      await().atMost(WAIT).until(() -> receiver.requests.get() >= 2); // retried
      receiver.status.set(200);
      client.check(Requests.get("/after-recovery"));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  receiver.spans.stream()
                      .anyMatch(s -> attributes(s).get("http.target").equals("/after-recovery")));
    }
  }

  @Test
  void aSlowAgentDoesNotHoldChecksBack() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(receiverKit.system(), 0)) {
      Map<String, Object> o = captureTo(receiver.endpoint());
      o.put("tme.capture.batch.max-records", 5);
      o.put("tme.capture.flush-timeout", "1s");
      try (TmeFixture tme = start(o);
          CheckClient client = new CheckClient(tme.grpcAddress())) {
        receiver.delayMillis.set(15_000);
        client.check(Requests.get("/first"));
        await().atMost(WAIT).until(() -> receiver.requests.get() >= 1);
        // the agent holds its first export for 15 s; every check is answered meanwhile
        for (int i = 0; i < 100; i++) {
          assertThat(client.check(Requests.get("/items/" + i)).getStatus().getCode()).isZero();
        }
        assertThat(receiver.answered.get()).isZero();
        // a record is offered after its answer has been sent, so the last offer may trail the
        // last answer by a moment
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> assertThat(tme.tme().capture().counters().offered()).isEqualTo(101));
      }
    }
  }
}
