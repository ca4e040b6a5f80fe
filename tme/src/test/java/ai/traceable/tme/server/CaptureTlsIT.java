package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.capture.CaptureCounters;
import ai.traceable.tme.capture.OtlpReceiver;
import ai.traceable.tme.capture.SpanAttributes;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.metrics.TmeMetrics;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.tls.TestPki;
import ai.traceable.tme.tls.TestPki.KeyFormat;
import ai.traceable.tme.tls.TestPki.KeyType;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture to an agent behind TLS, end to end: checks through tme's real gRPC port, spans to an
 * HTTPS receiver on a real port with certificates made here, decoded with the official classes.
 * Whatever happens to TLS, checks are answered as before.
 */
class CaptureTlsIT {
  private static final ActorTestKit receiverKit = ActorTestKit.create("tls-receiver");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static TestPki ca;
  private static TestPki otherCa;
  @TempDir static Path dir;

  @BeforeAll
  static void authorities() throws Exception {
    ca = TestPki.authority("agent-ca");
    otherCa = TestPki.authority("someone-elses-ca");
  }

  @AfterAll
  static void stop() {
    receiverKit.shutdownTestKit();
  }

  private static Map<String, Object> captureTo(String endpoint, TestPki trusted) throws Exception {
    Map<String, Object> o = TmeFixture.captureTo(endpoint);
    o.put(
        "tme.capture.tls.ca-file",
        trusted
            .writeCertificate(dir.resolve("ca-" + trusted.certificate().getSerialNumber() + ".crt"))
            .toString());
    return o;
  }

  private static TmeFixture start(Map<String, Object> overrides) throws Exception {
    return TmeFixture.start(overrides, RulesLoader.loadBundled().engine(EngineMode.BLOCK));
  }

  private static double dropped(TmeFixture tme, String reason) {
    MeterRegistry registry = TmeMetrics.get(tme.tme().system()).registry();
    return registry
        .get("tme.capture.records.dropped")
        .tag("reason", reason)
        .functionCounter()
        .count();
  }

  @Test
  void checksArriveAsSpansOverTlsWithTheApiTokenHeaderWhichIsNotExported() throws Exception {
    try (OtlpReceiver agent =
        OtlpReceiver.https(receiverKit.system(), ca.serverContext("localhost", false), false)) {
      Map<String, Object> o = captureTo(agent.endpoint(), ca);
      o.put("tme.capture.headers", "x-api-key=tok3n-1234");
      try (TmeFixture tme = start(o);
          CheckClient client = new CheckClient(tme.grpcAddress())) {
        client.check(Requests.get("/orders/1"));
        client.check(Requests.get("/download?file=../../../../etc/passwd"));

        await().atMost(WAIT).until(() -> agent.spans.size() == 2);
        assertThat(agent.spans)
            .extracting(s -> SpanAttributes.of(s).get("tme.decision"))
            .containsExactlyInAnyOrder("allow", "deny");
        assertThat(agent.headerValues("x-api-key")).isNotEmpty().containsOnly("tok3n-1234");
        for (Span span : agent.spans) {
          assertThat(SpanAttributes.of(span).values()).noneMatch(v -> v.contains("tok3n"));
        }
        // The exporter counts a batch once the agent has answered, which can trail the agent
        // receiving it.
        CaptureCounters c = tme.tme().capture().counters();
        await().atMost(WAIT).until(() -> c.accountedFor() == 2);
        assertThat(c.exported()).isEqualTo(2);
      }
    }
  }

  @Test
  void anAgentWithAnUntrustedCertificateGetsNothingAndEveryLossIsCountedAsTls() throws Exception {
    try (OtlpReceiver agent =
            OtlpReceiver.https(receiverKit.system(), ca.serverContext("localhost", false), false);
        TmeFixture tme = start(captureTo(agent.endpoint(), otherCa));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      for (int i = 0; i < 50; i++) {
        assertThat(client.check(Requests.get("/items/" + i)).getStatus().getCode()).isZero();
      }
      CaptureCounters c = tme.tme().capture().counters();
      await().atMost(WAIT).until(() -> c.offered() == 50 && c.accountedFor() == 50);

      assertThat(c.droppedTls()).isEqualTo(50);
      assertThat(dropped(tme, "tls")).isEqualTo(50.0);
      assertThat(dropped(tme, "retries_exhausted")).isZero();
      assertThat(c.exportAttempts()).as("not retried").isEqualTo(c.batchesFailed());
      assertThat(agent.requests.get()).isZero();
    }
  }

  @Test
  void anAgentRequiringAClientCertificateGetsTheSpansOfATmeThatHasOne() throws Exception {
    try (OtlpReceiver agent =
        OtlpReceiver.https(receiverKit.system(), ca.serverContext("localhost", true), true)) {
      TestPki.Issued client = ca.issue("tme-sidecar", KeyType.RSA);
      Map<String, Object> o = captureTo(agent.endpoint(), ca);
      o.put(
          "tme.capture.tls.cert-file",
          client.writeCertificate(dir.resolve("client.crt")).toString());
      o.put(
          "tme.capture.tls.key-file",
          client.writeKey(dir.resolve("client.key"), KeyFormat.TRADITIONAL).toString());
      try (TmeFixture tme = start(o);
          CheckClient checks = new CheckClient(tme.grpcAddress())) {
        checks.check(Requests.get("/mutual"));

        await().atMost(WAIT).until(() -> agent.spans.size() == 1);
        assertThat(SpanAttributes.of(agent.spans.get(0))).containsEntry("http.target", "/mutual");
      }
    }
  }

  @Test
  void anAgentRequiringAClientCertificateRefusesATmeWithoutOneAndTheLossIsCounted()
      throws Exception {
    try (OtlpReceiver agent =
            OtlpReceiver.https(receiverKit.system(), ca.serverContext("localhost", true), true);
        TmeFixture tme = start(captureTo(agent.endpoint(), ca));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      for (int i = 0; i < 10; i++) {
        assertThat(client.check(Requests.get("/anonymous/" + i)).getStatus().getCode()).isZero();
      }
      CaptureCounters c = tme.tme().capture().counters();
      await().atMost(WAIT).until(() -> c.offered() == 10 && c.accountedFor() == 10);

      assertThat(c.droppedTls()).isEqualTo(10);
      assertThat(dropped(tme, "tls")).isEqualTo(10.0);
      assertThat(agent.spans).isEmpty();
    }
  }
}
