package ai.traceable.tme.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.tls.TestPki;
import ai.traceable.tme.tls.TestPki.KeyFormat;
import ai.traceable.tme.tls.TestPki.KeyType;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tme.capture.headers} and {@code tme.capture.tls}: reading, env mapping, validation. */
class CaptureSettingsTest {
  @TempDir static Path dir;
  private static Path caFile;
  private static Path certFile;
  private static Path keyFile;

  @BeforeAll
  static void files() throws Exception {
    TestPki ca = TestPki.authority("settings-ca");
    caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    TestPki.Issued client = ca.issue("tme", KeyType.EC);
    certFile = client.writeCertificate(dir.resolve("tls.crt"));
    keyFile = client.writeKey(dir.resolve("tls.key"), KeyFormat.TRADITIONAL);
  }

  private static CaptureSettings capture(Map<String, Object> overrides) {
    return TmeSettings.fromConfig(TmeConfig.load(ConfigFactory.parseMap(overrides))).capture();
  }

  private static Map<String, Object> https(Map<String, Object> more) {
    Map<String, Object> o = new HashMap<>(more);
    o.put("tme.capture.endpoint", "https://agent.traceable.svc:4318/v1/traces");
    return o;
  }

  @Test
  void noHeadersAndNoTlsFilesByDefault() {
    CaptureSettings c = capture(Map.of());

    assertThat(c.headers()).isEqualTo(CaptureHeaders.NONE);
    assertThat(c.tls()).isEqualTo(CaptureSettings.Tls.NONE);
  }

  @Test
  void theEnvironmentVariablesOfTheContractFillTheNewKeys() {
    Config reference =
        ConfigFactory.parseResources(TmeConfig.class.getClassLoader(), "reference.conf")
            .withOnlyPath("tme.capture");
    Config env =
        ConfigFactory.parseMap(
            Map.of(
                "TME_CAPTURE_HEADERS", "x-api-key=abc",
                "TME_CAPTURE_TLS_CA_FILE", "/etc/tme/capture-tls/ca.crt",
                "TME_CAPTURE_TLS_CERT_FILE", "/etc/tme/capture-tls/tls.crt",
                "TME_CAPTURE_TLS_KEY_FILE", "/etc/tme/capture-tls/tls.key"));

    // a substitution finds a root-level key of the same name before the real environment
    Config c = env.withFallback(reference).resolve().getConfig("tme.capture");

    assertThat(c.getString("headers")).isEqualTo("x-api-key=abc");
    assertThat(c.getString("tls.ca-file")).isEqualTo("/etc/tme/capture-tls/ca.crt");
    assertThat(c.getString("tls.cert-file")).isEqualTo("/etc/tme/capture-tls/tls.crt");
    assertThat(c.getString("tls.key-file")).isEqualTo("/etc/tme/capture-tls/tls.key");
  }

  @Test
  void headersComeAsAnOpenTelemetryStringOrAsAnObject() {
    CaptureSettings fromString =
        capture(Map.of("tme.capture.headers", "x-api-key=abc%2C1, x-tenant=acme"));
    CaptureSettings fromObject =
        capture(Map.of("tme.capture.headers", Map.of("x-api-key", "abc,1", "x-tenant", "acme")));

    assertThat(fromString.headers().values())
        .containsExactly(Map.entry("x-api-key", "abc,1"), Map.entry("x-tenant", "acme"));
    assertThat(fromObject.headers().values())
        .containsOnly(Map.entry("x-api-key", "abc,1"), Map.entry("x-tenant", "acme"));
  }

  @Test
  void aHeaderObjectWithANonStringValueNamesTheKey() {
    assertThatThrownBy(
            () -> capture(Map.of("tme.capture.headers", Map.of("x-list", java.util.List.of(1)))))
        .hasMessageContaining("tme.capture.headers.x-list must be a string");
  }

  @Test
  void theSettingsNeverShowAHeaderValue() {
    CaptureSettings c = capture(Map.of("tme.capture.headers", "x-api-key=s3cr3t"));

    assertThat(c.toString()).contains("x-api-key").doesNotContain("s3cr3t");
  }

  @Test
  void readsTheTlsFilesOfAnHttpsEndpoint() {
    CaptureSettings c =
        capture(
            https(
                Map.of(
                    "tme.capture.tls.ca-file", caFile.toString(),
                    "tme.capture.tls.cert-file", certFile.toString(),
                    "tme.capture.tls.key-file", keyFile.toString())));

    assertThat(c.tls().caFile()).contains(caFile);
    assertThat(c.tls().certFile()).contains(certFile);
    assertThat(c.tls().keyFile()).contains(keyFile);
  }

  @Test
  void aClientCertificateWithoutItsKeyIsAnError() {
    assertThatThrownBy(
            () -> capture(https(Map.of("tme.capture.tls.cert-file", certFile.toString()))))
        .hasMessageContaining(
            "tme.capture.tls.cert-file is set but tme.capture.tls.key-file is not");
    assertThatThrownBy(() -> capture(https(Map.of("tme.capture.tls.key-file", keyFile.toString()))))
        .hasMessageContaining(
            "tme.capture.tls.key-file is set but tme.capture.tls.cert-file is not");
  }

  @Test
  void aMissingTlsFileIsAnErrorNamingKeyAndFile() {
    Path missing = dir.resolve("missing.crt");

    assertThatThrownBy(() -> capture(https(Map.of("tme.capture.tls.ca-file", missing.toString()))))
        .hasMessageContaining("tme.capture.tls.ca-file")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void anUnusableTlsFileStopsStartUpNamingTheFile() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.key"), "-----BEGIN NOTHING-----\n");

    assertThatThrownBy(
            () ->
                capture(
                    https(
                        Map.of(
                            "tme.capture.tls.cert-file", certFile.toString(),
                            "tme.capture.tls.key-file", broken.toString()))))
        .hasMessageContaining("tme.capture.tls")
        .hasMessageContaining(broken.toString());
  }

  @Test
  void tlsFilesWithAPlainHttpEndpointAreAnError() {
    assertThatThrownBy(() -> capture(Map.of("tme.capture.tls.ca-file", caFile.toString())))
        .hasMessageContaining("tme.capture.endpoint is not https");
  }

  @Test
  void tlsFilesAreNotCheckedWhileCaptureIsOff() {
    CaptureSettings c =
        capture(
            Map.of(
                "tme.capture.enabled",
                false,
                "tme.capture.tls.ca-file",
                dir.resolve("missing.crt").toString()));

    assertThat(c.tls().caFile()).isEqualTo(Optional.of(dir.resolve("missing.crt")));
  }
}
