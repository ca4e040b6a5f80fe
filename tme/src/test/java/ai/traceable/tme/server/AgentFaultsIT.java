package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.capture.CaptureCounters;
import ai.traceable.tme.capture.OtlpReceiver;
import ai.traceable.tme.capture.SpanAttributes;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.tls.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform agent down, slow, failing with 5xx, or failing TLS, while checks flow through tme's
 * real gRPC port: every check is still answered at once, capture holds a bounded number of records
 * (the rest is dropped and counted on /metrics), and once the fault ends capture resumes without a
 * restart. The agent is a real OTLP/HTTP receiver on a real port.
 */
class AgentFaultsIT {
  private static final ActorTestKit receiverKit = ActorTestKit.create("agent-faults");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int QUEUE = 64;
  private static final int BATCH = 8;
  private static final int BURST = 400;

  /**
   * Records capture may hold besides its queue: the batch being formed and the exports in flight
   * (tme.capture.parallelism = 2), with room to spare; far below the burst.
   */
  private static final int HELD_OUTSIDE_QUEUE = 8 * BATCH;

  /** Far above a check's normal latency here (milliseconds), far below an export's timeout. */
  private static final Duration PROMPT = Duration.ofSeconds(2);

  private static TestPki ca;
  private static TestPki otherCa;
  @TempDir static Path dir;

  @BeforeAll
  static void authorities() throws Exception {
    ca = TestPki.authority("agent-ca");
    otherCa = TestPki.authority("not-the-agents-ca");
  }

  @AfterAll
  static void stop() {
    receiverKit.shutdownTestKit();
  }

  private static Map<String, Object> captureTo(String endpoint) {
    Map<String, Object> o = TmeFixture.captureTo(endpoint);
    o.put("tme.capture.queue-size", QUEUE);
    o.put("tme.capture.batch.max-records", BATCH);
    o.put("tme.capture.retry.max-retries", 1);
    o.put("tme.capture.request-timeout", "1s");
    o.put("tme.capture.flush-timeout", "1s");
    return o;
  }

  private static TmeFixture start(Map<String, Object> overrides) throws Exception {
    return TmeFixture.start(overrides, RulesLoader.loadBundled().engine(EngineMode.BLOCK));
  }

  private static Management management(TmeFixture tme) {
    return new Management(tme.settings().management().port());
  }

  /**
   * While the fault lasts: a burst of checks is answered promptly and without errors, what capture
   * holds stays bounded, and losses show on /metrics under {@code reason}.
   */
  private static void checksUnaffectedAndCaptureBounded(
      TmeFixture tme, CheckClient client, String reason) throws Exception {
    CheckBurst.Result burst =
        CheckBurst.send(client, BURST, i -> Requests.get("/during-fault/" + i), WAIT);
    assertThat(burst.errorCount()).as("checks answered with an error").isZero();
    assertThat(burst.withCode(0)).isEqualTo(BURST);
    assertThat(burst.slowest()).as("slowest check").isLessThan(PROMPT);

    CaptureCounters c = tme.tme().capture().counters();
    await().atMost(WAIT).until(() -> c.offered() == BURST);
    assertThat(c.offered() - c.accountedFor())
        .as("records held by capture")
        .isLessThanOrEqualTo(QUEUE + HELD_OUTSIDE_QUEUE);
    Management m = management(tme);
    assertThat(m.sum("tme_capture_queue_depth")).isLessThanOrEqualTo(QUEUE);
    await()
        .atMost(WAIT)
        .until(() -> m.sum("tme_capture_records_dropped_total", Map.of("reason", reason)) > 0);
    assertThat(m.sum("tme_capture_records_exported_total")).isZero();
  }

  /** After the fault: spans of new checks reach the agent, with no restart of tme. */
  private static void captureResumes(CheckClient client, OtlpReceiver agent) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertThat(client.check(Requests.get("/after-fault")).getStatus().getCode()).isZero();
              return agent.spans.stream()
                  .anyMatch(s -> "/after-fault".equals(SpanAttributes.of(s).get("http.target")));
            });
  }

  @Test
  void anAgentThatIsDownLosesCountedRecordsAndGetsSpansOnceItListens() throws Exception {
    int port = TmeFixture.freePort();
    try (TmeFixture tme = start(captureTo("http://127.0.0.1:" + port + "/v1/traces"));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      checksUnaffectedAndCaptureBounded(tme, client, "retries_exhausted");
      try (OtlpReceiver agent = new OtlpReceiver(receiverKit.system(), port)) {
        captureResumes(client, agent);
      }
    }
  }

  @Test
  void aSlowAgentLosesCountedRecordsAndGetsSpansOnceItAnswersAgain() throws Exception {
    try (OtlpReceiver agent = new OtlpReceiver(receiverKit.system(), 0);
        TmeFixture tme = start(captureTo(agent.endpoint()));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      agent.delayMillis.set(5_000); // longer than tme.capture.request-timeout
      checksUnaffectedAndCaptureBounded(tme, client, "queue_full");
      agent.delayMillis.set(0);
      captureResumes(client, agent);
    }
  }

  @Test
  void anAgentAnswering503LosesCountedRecordsAndGetsSpansOnceItRecovers() throws Exception {
    try (OtlpReceiver agent = new OtlpReceiver(receiverKit.system(), 0);
        TmeFixture tme = start(captureTo(agent.endpoint()));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      agent.status.set(503);
      checksUnaffectedAndCaptureBounded(tme, client, "retries_exhausted");
      agent.status.set(200);
      captureResumes(client, agent);
    }
  }

  @Test
  void anAgentWithACertificateTmeDoesNotTrustLosesCountedRecordsUntilItPresentsOneItDoes()
      throws Exception {
    OtlpReceiver untrusted =
        OtlpReceiver.https(receiverKit.system(), otherCa.serverContext("localhost", false), false);
    int port = untrusted.address().getPort();
    Map<String, Object> o = captureTo(untrusted.endpoint());
    o.put("tme.capture.tls.ca-file", ca.writeCertificate(dir.resolve("agent-ca.crt")).toString());
    try (TmeFixture tme = start(o);
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      checksUnaffectedAndCaptureBounded(tme, client, "tls");
      assertThat(untrusted.requests.get()).as("nothing passed the handshake").isZero();
      untrusted.close();
      try (OtlpReceiver agent =
          OtlpReceiver.https(
              receiverKit.system(), port, ca.serverContext("localhost", false), false)) {
        captureResumes(client, agent);
      }
    } finally {
      untrusted.close();
    }
  }
}
