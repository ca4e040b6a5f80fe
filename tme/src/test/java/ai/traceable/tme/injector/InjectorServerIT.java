package ai.traceable.tme.injector;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.config.InjectorSettings;
import ai.traceable.tme.config.TmeConfig;
import ai.traceable.tme.tls.TestPki;
import ai.traceable.tme.tls.TestPki.KeyFormat;
import ai.traceable.tme.tls.TestPki.KeyType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLSession;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook over real HTTPS, with the certificate laid out as the chart's Secret mounts it. */
class InjectorServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ActorTestKit testKit;
  private TestPki.Issued certificates;
  private Path certFile;
  private Path keyFile;
  private int port;

  /** A certificate for localhost from a new authority, which is what a client is told to trust. */
  private static TestPki.Issued issue(String authority) throws Exception {
    return TestPki.authority(authority)
        .issue("tme-injector.test", KeyType.RSA, "localhost", "127.0.0.1");
  }

  @BeforeEach
  void start() throws Exception {
    certificates = issue("injector-ca");
    certFile = certificates.writeCertificate(dir.resolve("tls").resolve("tls.crt"));
    // PKCS#1 (RSA PRIVATE KEY), what Helm's genSignedCert writes
    keyFile = certificates.writeKey(dir.resolve("tls").resolve("tls.key"), KeyFormat.TRADITIONAL);
    InjectorSettings settings =
        new InjectorSettings(
            "127.0.0.1",
            0,
            certFile,
            keyFile,
            PodInjectorTest.resourcePath("sidecar.yaml"),
            64 * 1024,
            Duration.ofSeconds(5));
    testKit = ActorTestKit.create("injector-it", TmeConfig.load());
    PodInjector injector = new PodInjector(SidecarTemplate.load(settings.templateFile()));
    ServerBinding binding =
        InjectorServer.start(testKit.system(), settings, injector).toCompletableFuture().get();
    port = binding.localAddress().getPort();
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  private HttpResponse<String> post(TestPki.Issued trusted, String path, byte[] body)
      throws Exception {
    HttpClient client =
        HttpClient.newBuilder().sslContext(trusted.issuer().clientContext()).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(10))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersAnAnnotatedPodReviewWithAPatchOverHttps() throws Exception {
    HttpResponse<String> response =
        post(certificates, "/mutate", PodInjectorTest.resource("pod-annotated.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.at("/response/uid").asText())
        .isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(answer.at("/response/patchType").asText()).isEqualTo("JSONPatch");
  }

  @Test
  void answersAMalformedReviewWith400AndKeepsServing() throws Exception {
    HttpResponse<String> bad = post(certificates, "/mutate", "{\"kind\": 1".getBytes());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("not JSON");

    // Over the size limit Pekko HTTP either answers 400 or resets the HTTP/2 stream (the body is
    // still arriving); either way the request is refused and the server goes on.
    try {
      assertThat(post(certificates, "/mutate", new byte[128 * 1024]).statusCode()).isEqualTo(400);
    } catch (java.io.IOException reset) {
      assertThat(reset).hasMessageContaining("RST_STREAM");
    }

    assertThat(
            post(certificates, "/mutate", PodInjectorTest.resource("deployment.json")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void servesHealthAndRefusesOtherPaths() throws Exception {
    HttpClient client =
        HttpClient.newBuilder().sslContext(certificates.issuer().clientContext()).build();
    HttpResponse<String> health =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    assertThat(post(certificates, "/other", new byte[0]).statusCode()).isEqualTo(404);
  }

  @Test
  void picksUpARenewedCertificateForNewConnections() throws Exception {
    // from another authority, so a client trusting only that one fails unless the new one is served
    TestPki.Issued renewed = issue("renewed-ca");
    renewed.writeCertificate(certFile);
    renewed.writeKey(keyFile, KeyFormat.PKCS8);
    FileTime later = FileTime.from(Instant.now().plusSeconds(60));
    Files.setLastModifiedTime(certFile, later);
    Files.setLastModifiedTime(keyFile, later);

    HttpResponse<String> response =
        post(renewed, "/mutate", PodInjectorTest.resource("pod-not-annotated.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    SSLSession session = response.sslSession().orElseThrow();
    assertThat(((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber())
        .isEqualTo(renewed.certificate().getSerialNumber());
  }
}
