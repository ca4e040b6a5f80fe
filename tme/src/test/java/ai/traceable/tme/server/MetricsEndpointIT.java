package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.policy.PolicyEngine;
import ai.traceable.tme.engine.policy.RulesLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /metrics} on the management port serves the registry in the Prometheus text format. */
class MetricsEndpointIT {
  @Test
  void servesCaptureMetersAsPrometheusText() throws Exception {
    Map<String, Object> o = new HashMap<>();
    o.put("tme.capture.enabled", true);
    o.put("tme.capture.endpoint", "http://127.0.0.1:" + TmeFixture.freePort() + "/v1/traces");
    try (TmeFixture tme =
            TmeFixture.start(o, new PolicyEngine(RulesLoader.loadBundled(), EngineMode.BLOCK));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      for (int i = 0; i < 3; i++) {
        client.check(Requests.get("/items/" + i));
      }
      int port = tme.settings().management().port();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      Map<String, Double> samples = new HashMap<>();
      for (String line : response.body().split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
      assertThat(samples.get("tme_capture_records_offered_total")).isEqualTo(3.0);
      assertThat(samples).containsKey("tme_capture_records_dropped_total{reason=\"queue_full\"}");
      assertThat(samples).containsKey("tme_capture_queue_depth");
    }
  }
}
