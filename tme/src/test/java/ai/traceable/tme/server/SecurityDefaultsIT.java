package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.rules.RulesLoader;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The defaults an attacker would look for first, checked on a running tme: where the gRPC port
 * listens, what the management port tells anyone who can reach it, and what a denial sends back.
 */
class SecurityDefaultsIT {
  private static final String SECRET = "s3cr3t-config-value";
  private static final String MARK = "attacker-marker-7f3a";
  private static TmeFixture tme;
  private static CheckClient client;

  @BeforeAll
  static void start() throws Exception {
    // secrets in settings a management endpoint could be tempted to show
    tme =
        TmeFixture.start(
            Map.of(
                "tme.policy.redis.uri", "redis://:" + SECRET + "@127.0.0.1:6379",
                "tme.capture.endpoint", "http://agent:" + SECRET + "@127.0.0.1:4318/v1/traces",
                "tme.blocking.message", "Blocked here"),
            RulesLoader.loadBundled().engine(EngineMode.BLOCK));
    client = new CheckClient(tme.grpcAddress());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    tme.close();
  }

  @Test
  void grpcListensOnLoopbackOnlyByDefault() {
    assertThat(TmeFixture.config(Map.of()).getString("tme.grpc.interface")).isEqualTo("127.0.0.1");
    assertThat(tme.grpcAddress().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void managementEndpointsShowNoSecretsNoConfigurationAndNoRequestData() throws Exception {
    // request data must not reach metric labels either
    client.check(
        Requests.http(
            "GET",
            "/?q=1%27%20OR%20%271%27=%271&" + MARK,
            Map.of("x-api-key", MARK, "user-agent", MARK),
            "10.0.0.1",
            null));
    HttpClient http = HttpClient.newHttpClient();
    int port = tme.settings().management().port();
    for (String path :
        List.of(
            "/",
            "/alive",
            "/ready",
            "/metrics",
            "/config",
            "/env",
            "/settings",
            "/cluster/members",
            "/bootstrap/seed-nodes",
            "/health",
            "/debug")) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.body())
          .as(path)
          .doesNotContain(SECRET, MARK, "redis://", "Blocked here", "tme.capture", "tme.policy");
      if (!List.of("/alive", "/ready", "/metrics").contains(path)) {
        assertThat(response.statusCode()).as(path).isEqualTo(404);
      }
    }
  }

  @Test
  void aDenialSendsTheConfiguredMessageAndNothingOfTheRequest() {
    CheckRequest attack =
        Requests.http(
            "POST",
            "/search?q=%3Cscript%3Ealert(1)%3C/script%3E&" + MARK,
            Map.of("x-note", MARK, "content-type", "application/json"),
            "10.0.0.1",
            ("{\"q\":\"1' UNION SELECT password FROM users-- " + MARK + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    CheckResponse response = client.check(attack);

    assertThat(response.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
    assertThat(response.getStatus().getMessage()).isEqualTo("denied by tme");
    assertThat(response.getDeniedResponse().getBody()).isEqualTo("Blocked here");
    for (HeaderValueOption h : response.getDeniedResponse().getHeadersList()) {
      assertThat(h.getHeader().getValue()).doesNotContain(MARK, "script", "UNION");
    }
    // rule ids for Envoy's access log, never the matched input
    assertThat(response.getDynamicMetadata().toString()).doesNotContain(MARK, "script", "UNION");
    assertThat(response.toString()).doesNotContain(MARK);
  }
}
