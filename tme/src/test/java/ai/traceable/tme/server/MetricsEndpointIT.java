package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.metrics.RulesMeters;
import ai.traceable.tme.metrics.TmeMetrics;
import ai.traceable.tme.rules.RulesLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /metrics} on the management port serves the registry in the Prometheus text format. */
class MetricsEndpointIT {
  @Test
  void servesCaptureMetersAsPrometheusText() throws Exception {
    Map<String, Object> o = new java.util.HashMap<>();
    o.put("tme.capture.enabled", true);
    o.put("tme.capture.endpoint", "http://127.0.0.1:" + TmeFixture.freePort() + "/v1/traces");
    try (TmeFixture tme = TmeFixture.start(o, RulesLoader.loadBundled().engine(EngineMode.BLOCK));
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
      PrometheusText.parse(response.body());
      // checks are metered and captured just after their answer: wait for the last one
      PrometheusText metrics =
          scrapeWhen(tme, m -> m.value("tme_capture_records_offered_total") == 3.0);
      assertThat(metrics.value("tme_capture_records_dropped_total", Map.of("reason", "queue_full")))
          .isZero();
      assertThat(metrics.types).containsEntry("tme_capture_queue_depth", "gauge");
    }
  }

  /**
   * Scrapes until {@code ready} holds (bounded): a check is metered just after its answer is sent,
   * so the client can see the answer a moment before the counters move.
   */
  private static PrometheusText scrapeWhen(TmeFixture tme, Predicate<PrometheusText> ready) {
    AtomicReference<PrometheusText> last = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              last.set(scrape(tme));
              try {
                return ready.test(last.get());
              } catch (AssertionError notYet) {
                return false;
              }
            });
    return last.get();
  }

  private static PrometheusText scrape(TmeFixture tme) throws Exception {
    int port = tme.settings().management().port();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return PrometheusText.parse(response.body());
  }

  @Test
  void countsChecksByDecisionAndRuleAndTimesThemInSubMillisecondBuckets() throws Exception {
    try (TmeFixture tme =
            TmeFixture.start(Map.of(), RulesLoader.loadBundled().engine(EngineMode.BLOCK));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      for (int i = 0; i < 5; i++) {
        assertThat(client.check(Requests.get("/items/" + i)).getStatus().getCode()).isZero();
      }
      for (int i = 0; i < 3; i++) {
        assertThat(
                client
                    .check(Requests.get("/files?name=../../../../etc/passwd"))
                    .hasDeniedResponse())
            .isTrue();
      }

      PrometheusText m =
          scrapeWhen(
              tme,
              t ->
                  t.value("tme_engine_evaluation_seconds_count") == 8.0
                      && t.value("tme_checks_in_flight") == 0.0
                      && t.find("tme_rule_matches_total", Map.of("decision", "deny")).stream()
                              .mapToDouble(PrometheusText.Sample::value)
                              .sum()
                          >= 3);

      assertThat(m.value("tme_checks_total", Map.of("decision", "allow"))).isEqualTo(5.0);
      assertThat(m.value("tme_checks_total", Map.of("decision", "deny"))).isEqualTo(3.0);
      assertThat(m.value("tme_checks_total", Map.of("decision", "monitor"))).isZero();
      List<PrometheusText.Sample> matches =
          m.find("tme_rule_matches_total", Map.of("decision", "deny", "category", "traversal"));
      assertThat(matches).isNotEmpty();
      assertThat(matches).allSatisfy(s -> assertThat(s.labels().get("rule_id")).isNotBlank());
      assertThat(matches.stream().mapToDouble(PrometheusText.Sample::value).sum())
          .isGreaterThanOrEqualTo(3.0);
      assertThat(m.find("tme_rule_matches_total", Map.of("decision", "allow"))).isEmpty();

      for (String histogram :
          List.of("tme_check_duration_seconds", "tme_engine_evaluation_seconds")) {
        assertThat(m.types).containsEntry(histogram, "histogram");
        assertThat(m.value(histogram + "_count")).isEqualTo(8.0);
        List<PrometheusText.Sample> buckets = m.find(histogram + "_bucket", Map.of());
        double previous = 0;
        int belowOneMillisecond = 0;
        for (PrometheusText.Sample b : buckets) {
          double le = Double.parseDouble(b.labels().get("le").replace("+Inf", "Infinity"));
          assertThat(b.value()).isGreaterThanOrEqualTo(previous);
          previous = b.value();
          belowOneMillisecond += le < 0.001 ? 1 : 0;
        }
        assertThat(belowOneMillisecond).isGreaterThanOrEqualTo(5);
        assertThat(m.value(histogram + "_bucket", Map.of("le", "+Inf"))).isEqualTo(8.0);
      }
      assertThat(m.value("tme_check_failures_total", Map.of("reason", "fail_open"))).isZero();
      assertThat(m.value("tme_connection_actors")).isEqualTo(1.0);
      assertThat(m.value("tme_connection_actors_started_total")).isEqualTo(1.0);
      assertThat(m.value("tme_checks_in_flight")).isZero();
      assertThat(m.types)
          .containsKeys(
              "jvm_memory_used_bytes", "process_cpu_usage", "jvm_gc_memory_allocated_bytes_total");
    }
  }

  @Test
  void turningCheckMetricsOffLeavesTheRestOfTheRegistry() throws Exception {
    try (TmeFixture tme =
            TmeFixture.start(
                Map.of("tme.management.check-metrics", false),
                RulesLoader.loadBundled().engine(EngineMode.BLOCK));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      client.check(Requests.get("/items/1"));

      PrometheusText m = scrape(tme);

      assertThat(m.types).doesNotContainKey("tme_checks_total");
      assertThat(m.types).doesNotContainKey("tme_check_duration_seconds");
      assertThat(m.value("tme_connection_actors_started_total")).isEqualTo(1.0);
    }
  }

  @Test
  void everyMetricTheGrafanaDashboardQueriesIsServed() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                Path.of(
                        "..",
                        "deploy",
                        "charts",
                        "traceableai-istio",
                        "dashboards",
                        "tme-dashboard.json")
                    .toFile());
    Set<String> queried = new TreeSet<>();
    Matcher names = Pattern.compile("\\b(?:tme|jvm|process)_[a-z_]+").matcher("");
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        names.reset(target.get("expr").asText());
        while (names.find()) {
          queried.add(names.group());
        }
      }
    }
    assertThat(queried).contains("tme_checks_total", "tme_check_duration_seconds_bucket");

    Map<String, Object> o = new java.util.HashMap<>();
    o.put("tme.capture.enabled", true);
    o.put("tme.capture.endpoint", "http://127.0.0.1:" + TmeFixture.freePort() + "/v1/traces");
    try (TmeFixture tme = TmeFixture.start(o, RulesLoader.loadBundled().engine(EngineMode.BLOCK));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      new RulesMeters("v1").bind(TmeMetrics.get(tme.tme().system()).registry(), () -> 0);
      client.check(Requests.get("/items/1"));
      client.check(Requests.get("/files?name=../../../../etc/passwd"));

      Set<String> served = new TreeSet<>();
      scrapeWhen(tme, m -> !m.find("tme_rule_matches_total", Map.of()).isEmpty())
          .samples
          .forEach(sample -> served.add(sample.name()));

      assertThat(served).containsAll(queried);
    }
  }
}
