package ai.traceable.tme.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Reads tme's management port as the kubelet and Prometheus do: plain HTTP GETs. */
final class Management {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;

  Management(int port) {
    this.port = port;
  }

  /** The status code of {@code GET path}, e.g. {@code /ready}. */
  int status(String path) throws Exception {
    return get(path).statusCode();
  }

  /** {@code GET /metrics}, parsed strictly. */
  PrometheusText metrics() throws Exception {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + response.statusCode());
    }
    return PrometheusText.parse(response.body());
  }

  /** The sum of every sample of {@code name} whose labels include {@code labels}; 0 if none. */
  double sum(String name, Map<String, String> labels) throws Exception {
    return metrics().find(name, labels).stream().mapToDouble(PrometheusText.Sample::value).sum();
  }

  double sum(String name) throws Exception {
    return sum(name, Map.of());
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
