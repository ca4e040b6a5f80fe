package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.capture.OtlpReceiver;
import ai.traceable.tme.capture.SpanAttributes;
import ai.traceable.tme.config.SecLangSettings;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.FailSafeEngine;
import ai.traceable.tme.engine.OnError;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.engine.seclang.CrsFiles;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.seclang.SecLangRules;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * SecLang rules loaded from {@code tme.seclang.*} and checked through the real gRPC port with
 * Envoy's classes: a rule's id, message and data reach the denial, the denial log line, the capture
 * span and the per-rule metrics; and OWASP CRS denies what it should.
 */
class SecLangIT {
  private static final ActorTestKit receiverKit = ActorTestKit.create("seclang-otlp");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String NO_DETECTION = "detection: { enabled: false }\n";

  @TempDir Path dir;

  @AfterAll
  static void stop() {
    receiverKit.shutdownTestKit();
  }

  /** tme started as ServeCommand wires it: SecLang rules from the tme.seclang settings. */
  private static TmeFixture start(Map<String, Object> overrides, String tmeRules) throws Exception {
    SecLangSettings s = SecLangSettings.fromConfig(TmeFixture.config(overrides));
    SecLangRules seclang = SecLangRules.load(s.rules(), s.profile());
    RuleSet rules = RulesLoader.parse(tmeRules.getBytes(StandardCharsets.UTF_8), "it.yaml");
    var engine = rules.engine(EngineMode.BLOCK, 0, PolicyState.local(), List.of(seclang.engine()));
    return TmeFixture.start(overrides, new FailSafeEngine(engine, OnError.ALLOW));
  }

  private static boolean denied(CheckResponse r) {
    return r.getStatus().getCode() == Status.Code.PERMISSION_DENIED.value();
  }

  @Test
  void aSmallRulesFileDeniesAndItsRuleReachesLogSpanAndMetrics() throws Exception {
    Path rules = dir.resolve("custom.conf");
    Files.writeString(
        rules,
        """
        SecRuleEngine On
        SecRule ARGS:q "@contains evil" \\
            "id:1001,phase:2,deny,msg:'Evil found',logdata:'Matched %{MATCHED_VAR}',\\
            tag:'attack-custom',severity:'CRITICAL'"
        """);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    log.start();
    Logger denials = (Logger) LoggerFactory.getLogger(DenialLog.LOGGER);
    denials.addAppender(log);
    try (OtlpReceiver receiver = new OtlpReceiver(receiverKit.system(), 0)) {
      Map<String, Object> overrides = new HashMap<>(TmeFixture.captureTo(receiver.endpoint()));
      overrides.put("tme.seclang.rules", List.of(rules.toString()));
      try (TmeFixture tme = start(overrides, NO_DETECTION);
          CheckClient client = new CheckClient(tme.grpcAddress())) {
        assertThat(denied(client.check(Requests.get("/search?q=fine")))).isFalse();
        CheckResponse deny = client.check(Requests.get("/search?q=evil"));
        assertThat(denied(deny)).isTrue();
        assertThat(deny.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
        assertThat(deny.getDynamicMetadata().getFieldsOrThrow("tme.rule_ids").getStringValue())
            .isEqualTo("seclang-1001");

        await().atMost(WAIT).until(() -> receiver.spans.size() == 2);
        Map<String, String> span =
            receiver.spans.stream()
                .map(SpanAttributes::of)
                .filter(a -> a.get("http.target").equals("/search?q=evil"))
                .findFirst()
                .orElseThrow();
        assertThat(span)
            .containsEntry("tme.decision", "deny")
            .containsEntry("tme.rule_ids", "seclang-1001")
            .containsEntry("tme.categories", "custom")
            .containsEntry("tme.anomaly_score", "5");

        String line = log.list.get(0).getFormattedMessage();
        assertThat(line)
            .contains("rules=seclang-1001")
            .contains("[msg \"Evil found\"] [data \"Matched evil\"]");

        await()
            .atMost(WAIT)
            .until(
                () ->
                    scrape(tme)
                        .contains(
                            "tme_rule_matches_total{category=\"custom\",decision=\"deny\","
                                + "rule_id=\"seclang-1001\"} 1.0"));
      }
    } finally {
      denials.detachAppender(log);
    }
  }

  private static String scrape(TmeFixture tme) throws Exception {
    int port = tme.settings().management().port();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  @Test
  void owaspCrsDeniesAttacksThroughThePortAndLetsABrowserRequestThrough() throws Exception {
    Path crs = CrsFiles.dir();
    Path engine = dir.resolve("engine.conf");
    Files.writeString(engine, "SecRuleEngine On\nSecRequestBodyAccess On\n");
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(
        "tme.seclang.rules",
        engine
            + ","
            + crs.resolve("crs-setup.conf.example")
            + ","
            + crs.resolve("rules")
            + "/*.conf");
    overrides.put("tme.seclang.profile", "all");
    try (TmeFixture tme = start(overrides, NO_DETECTION);
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      CheckResponse browser = client.check(Requests.get("/products/42?sort=price"));
      assertThat(denied(browser)).isFalse();
      CheckResponse sqli = client.check(Requests.get("/products?id=1%27%20OR%20%271%27=%271"));
      assertThat(denied(sqli)).isTrue();
      String ids = sqli.getDynamicMetadata().getFieldsOrThrow("tme.rule_ids").getStringValue();
      assertThat(ids).contains("seclang-942100").contains("seclang-949110");
      CheckResponse php =
          client.check(
              Requests.http(
                  "POST",
                  "/upload",
                  Map.of("content-type", "application/x-www-form-urlencoded"),
                  "198.51.100.7",
                  "x=<?php system($_GET['c']); ?>".getBytes(StandardCharsets.UTF_8)));
      assertThat(denied(php)).isTrue();
      assertThat(php.getDynamicMetadata().getFieldsOrThrow("tme.rule_ids").getStringValue())
          .contains("seclang-933");
    }
  }
}
