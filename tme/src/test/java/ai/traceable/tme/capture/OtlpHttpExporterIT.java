package ai.traceable.tme.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.config.CaptureSettings;
import ai.traceable.tme.config.TmeConfig;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.tls.TestPki;
import ai.traceable.tme.tls.TestPki.KeyFormat;
import ai.traceable.tme.tls.TestPki.KeyType;
import com.typesafe.config.ConfigFactory;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter against a real HTTPS receiver whose certificates are made here: custom CA, host name
 * verification, static headers, mutual TLS and a Secret rotated the way the kubelet does it.
 */
class OtlpHttpExporterIT {
  private static final ActorTestKit kit = ActorTestKit.create("exporter-it");
  private static TestPki ca;
  private static TestPki otherCa;
  @TempDir Path dir;

  @BeforeAll
  static void authorities() throws Exception {
    ca = TestPki.authority("agent-ca");
    otherCa = TestPki.authority("someone-elses-ca");
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static byte[] export(String spanName) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .addScopeSpans(
                    ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName(spanName))))
        .build()
        .toByteArray();
  }

  private static OtlpHttpExporter exporter(String endpoint, Map<String, Object> capture) {
    Map<String, Object> o = new HashMap<>();
    capture.forEach((k, v) -> o.put("tme.capture." + k, v));
    o.put("tme.capture.endpoint", endpoint);
    o.put("tme.capture.request-timeout", "5s");
    CaptureSettings settings =
        TmeSettings.fromConfig(TmeConfig.load(ConfigFactory.parseMap(o))).capture();
    return new OtlpHttpExporter(kit.system(), settings);
  }

  private static Exporter.Result send(OtlpHttpExporter exporter, String spanName) throws Exception {
    return exporter.export(export(spanName)).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private Path caFile(TestPki... authorities) throws Exception {
    StringBuilder bundle = new StringBuilder();
    for (TestPki authority : authorities) {
      bundle.append(Files.readString(authority.writeCertificate(dir.resolve("one.crt"))));
    }
    return Files.writeString(dir.resolve("ca.crt"), bundle);
  }

  @Test
  void exportsOverTlsTrustingTheConfiguredCaAndSendsTheHeaders() throws Exception {
    try (OtlpReceiver agent =
        OtlpReceiver.https(kit.system(), ca.serverContext("localhost", false), false)) {
      OtlpHttpExporter exporter =
          exporter(
              agent.endpoint(),
              Map.of(
                  "tls.ca-file",
                  caFile(ca).toString(),
                  "headers",
                  "x-api-key=t0k%2Cen, x-tenant=acme"));

      Exporter.Result result = send(exporter, "over-tls");

      assertThat(result.ok()).as(result.problem()).isTrue();
      assertThat(agent.spans).extracting(Span::getName).containsExactly("over-tls");
      assertThat(agent.headerValues("x-api-key")).containsExactly("t0k,en");
      assertThat(agent.headerValues("x-tenant")).containsExactly("acme");
    }
  }

  @Test
  void trustsEveryAuthorityOfACaBundle() throws Exception {
    try (OtlpReceiver agent =
        OtlpReceiver.https(kit.system(), ca.serverContext("localhost", false), false)) {
      OtlpHttpExporter exporter =
          exporter(agent.endpoint(), Map.of("tls.ca-file", caFile(otherCa, ca).toString()));

      assertThat(send(exporter, "bundle").ok()).isTrue();
    }
  }

  @Test
  void anUntrustedCertificateIsATlsFailureThatReachesNothingAndIsNotRetried() throws Exception {
    try (OtlpReceiver agent =
        OtlpReceiver.https(kit.system(), ca.serverContext("localhost", false), false)) {
      OtlpHttpExporter exporter =
          exporter(
              agent.endpoint(),
              Map.of("tls.ca-file", caFile(otherCa).toString(), "headers", "x-api-key=s3cr3t"));

      Exporter.Result result = send(exporter, "untrusted");

      assertThat(result.tlsFailure()).as(result.problem()).isTrue();
      assertThat(result.retryable()).isFalse();
      assertThat(result.problem()).contains(agent.endpoint()).doesNotContain("s3cr3t");
      assertThat(agent.requests.get()).isZero();
    }
  }

  @Test
  void withoutACaFileOnlyTheJdksTrustStoreCounts() throws Exception {
    try (OtlpReceiver agent =
        OtlpReceiver.https(kit.system(), ca.serverContext("localhost", false), false)) {
      Exporter.Result result = send(exporter(agent.endpoint(), Map.of()), "default-trust");

      assertThat(result.tlsFailure()).as(result.problem()).isTrue();
      assertThat(agent.requests.get()).isZero();
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefused() throws Exception {
    try (OtlpReceiver agent =
        OtlpReceiver.https(
            kit.system(), ca.serverContext("agent.elsewhere.example", false), false)) {
      OtlpHttpExporter exporter =
          exporter(agent.endpoint(), Map.of("tls.ca-file", caFile(ca).toString()));

      Exporter.Result result = send(exporter, "wrong-host");

      assertThat(result.tlsFailure()).as(result.problem()).isTrue();
      assertThat(agent.requests.get()).isZero();
    }
  }

  @Test
  void mutualTlsPresentsTheClientCertificateTheAgentRequires() throws Exception {
    try (OtlpReceiver agent =
        OtlpReceiver.https(kit.system(), ca.serverContext("localhost", true), true)) {
      TestPki.Issued client = ca.issue("tme-sidecar", KeyType.EC);
      OtlpHttpExporter withCertificate =
          exporter(
              agent.endpoint(),
              Map.of(
                  "tls.ca-file", caFile(ca).toString(),
                  "tls.cert-file", client.writeCertificate(dir.resolve("tls.crt")).toString(),
                  "tls.key-file",
                      client.writeKey(dir.resolve("tls.key"), KeyFormat.TRADITIONAL).toString()));
      OtlpHttpExporter without =
          exporter(agent.endpoint(), Map.of("tls.ca-file", caFile(ca).toString()));

      Exporter.Result refused = send(without, "anonymous");
      Exporter.Result accepted = send(withCertificate, "mutual");

      assertThat(refused.tlsFailure()).as(refused.problem()).isTrue();
      assertThat(accepted.ok()).as(accepted.problem()).isTrue();
      assertThat(agent.spans).extracting(Span::getName).containsExactly("mutual");
    }
  }

  /**
   * The kubelet writes a Secret's new files into a fresh timestamped directory and renames a {@code
   * ..data} symlink over the old one; the mounted names link through {@code ..data}.
   */
  @Test
  void followsACaFileRotatedByTheKubeletsSymlinkSwap() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("capture-tls"));
    Path first = Files.createDirectories(mount.resolve("..2026_12_01_10_00_00.1"));
    otherCa.writeCertificate(first.resolve("ca.crt"));
    Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
    Files.createSymbolicLink(mount.resolve("ca.crt"), Path.of("..data", "ca.crt"));
    try (OtlpReceiver agent =
        OtlpReceiver.https(kit.system(), ca.serverContext("localhost", false), false)) {
      OtlpHttpExporter exporter =
          exporter(agent.endpoint(), Map.of("tls.ca-file", mount.resolve("ca.crt").toString()));
      assertThat(send(exporter, "before").tlsFailure()).isTrue();

      Path second = Files.createDirectories(mount.resolve("..2026_12_01_11_00_00.2"));
      ca.writeCertificate(second.resolve("ca.crt"));
      Files.createSymbolicLink(mount.resolve("..data_tmp"), second.getFileName());
      Files.move(
          mount.resolve("..data_tmp"), mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

      // the pool may hold back a new connection briefly after the failed one
      await().atMost(Duration.ofSeconds(30)).until(() -> send(exporter, "after").ok());
      assertThat(agent.spans).extracting(Span::getName).contains("after");
    }
  }

  @Test
  void aRotationToUnusableFilesKeepsThePreviousOnes() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("capture-tls"));
    Path first = Files.createDirectories(mount.resolve("..2026_12_01_10_00_00.1"));
    ca.writeCertificate(first.resolve("ca.crt"));
    Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
    Files.createSymbolicLink(mount.resolve("ca.crt"), Path.of("..data", "ca.crt"));
    SSLContext agentTls = ca.serverContext("localhost", false);
    OtlpReceiver agent = OtlpReceiver.https(kit.system(), agentTls, false);
    int port = agent.address().getPort();
    OtlpHttpExporter exporter =
        exporter(agent.endpoint(), Map.of("tls.ca-file", mount.resolve("ca.crt").toString()));
    assertThat(send(exporter, "before").ok()).isTrue();

    Path second = Files.createDirectories(mount.resolve("..2026_12_01_11_00_00.2"));
    Files.writeString(second.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\ntruncated");
    Files.createSymbolicLink(mount.resolve("..data_tmp"), second.getFileName());
    Files.move(
        mount.resolve("..data_tmp"), mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    agent.close(); // its connection goes, so the next export needs a new one
    try (OtlpReceiver restarted = OtlpReceiver.https(kit.system(), port, agentTls, false)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> send(exporter, "after").ok());
      assertThat(restarted.spans).extracting(Span::getName).contains("after");
    }
  }

  /**
   * A rotated client certificate reaches the agent even over a connection that never goes idle:
   * connections are replaced after {@code tls.max-connection-lifetime}.
   */
  @Test
  void aRotatedClientCertificateReachesTheAgentOnABusyConnection() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("capture-tls"));
    Path first = Files.createDirectories(mount.resolve("..2026_12_01_10_00_00.1"));
    TestPki.Issued before = ca.issue("tme-before", KeyType.RSA);
    before.writeCertificate(first.resolve("tls.crt"));
    before.writeKey(first.resolve("tls.key"), KeyFormat.PKCS8);
    Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
    for (String name : new String[] {"tls.crt", "tls.key"}) {
      Files.createSymbolicLink(mount.resolve(name), Path.of("..data", name));
    }
    try (OtlpReceiver agent =
        OtlpReceiver.https(kit.system(), ca.serverContext("localhost", true), true)) {
      OtlpHttpExporter exporter =
          exporter(
              agent.endpoint(),
              Map.of(
                  "tls.ca-file", caFile(ca).toString(),
                  "tls.cert-file", mount.resolve("tls.crt").toString(),
                  "tls.key-file", mount.resolve("tls.key").toString(),
                  "tls.max-connection-lifetime", "1s"));
      assertThat(send(exporter, "before").ok()).isTrue();
      assertThat(agent.clientSubjects).containsExactly("CN=tme-before");

      Path second = Files.createDirectories(mount.resolve("..2026_12_01_11_00_00.2"));
      TestPki.Issued after = ca.issue("tme-after", KeyType.RSA);
      after.writeCertificate(second.resolve("tls.crt"));
      after.writeKey(second.resolve("tls.key"), KeyFormat.PKCS8);
      Files.createSymbolicLink(mount.resolve("..data_tmp"), second.getFileName());
      Files.move(
          mount.resolve("..data_tmp"), mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

      // an export every 100 ms keeps the connection busy, far inside the client's idle timeout
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  send(exporter, "after").ok()
                      && agent
                          .clientSubjects
                          .get(agent.clientSubjects.size() - 1)
                          .equals("CN=tme-after"));
    }
  }
}
