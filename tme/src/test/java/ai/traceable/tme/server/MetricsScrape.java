package ai.traceable.tme.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads one sample from tme's {@code /metrics} on its management port, as Prometheus would. */
final class MetricsScrape {
  private MetricsScrape() {}

  /** The value of the unlabelled sample {@code name}. */
  static double value(TmeFixture tme, String name) throws Exception {
    int port = tme.settings().management().port();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    return PrometheusText.parse(response.body()).value(name);
  }
}
