package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.capture.Redactor;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.engine.inspect.RequestView;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DenialLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(DenialLog.LOGGER);
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final Redactor redactor =
      new Redactor(
          List.of("authorization"), List.of("password"), "token", Redactor.Strategy.REDACT);

  @BeforeEach
  void attach() {
    appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
  }

  private static RequestView request(String path) {
    return new RequestView(
        "POST",
        path,
        "api.example.com",
        Map.of(
            "x-request-id", List.of("req-42"),
            "authorization", List.of("Bearer sup3rs3cret"),
            "x-forwarded-for", List.of("203.0.113.9")),
        "{\"password\":\"hunter2\"}".getBytes(StandardCharsets.UTF_8),
        false,
        "10.0.0.2",
        5555);
  }

  private static Decision.Deny deny() {
    return new Decision.Deny(
        List.of(
            new Finding("sqli-110", "sqli", RuleAction.BLOCK, "query:q", 5, "' or 1=1"),
            new Finding("sqli-120", "sqli", RuleAction.BLOCK, "query:q", 3, "union select")),
        false,
        1000);
  }

  private List<JsonNode> jsonLines() throws Exception {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    encoder.start();
    List<JsonNode> lines = new ArrayList<>();
    for (ILoggingEvent e : appender.list) {
      String line = new String(encoder.encode(e), StandardCharsets.UTF_8);
      assertThat(line).doesNotContain("hunter2", "sup3rs3cret", "abc-token-value");
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static Map<String, String> keyValues(JsonNode line) {
    Map<String, String> out = new java.util.HashMap<>();
    for (JsonNode kv : line.get("kvpList")) {
      kv.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
    }
    return out;
  }

  @Test
  void oneJsonLinePerDenialWithRequestIdClientRulesAndScoreButNoSecrets() throws Exception {
    DenialLog log = new DenialLog(10, redactor, 1, clock::get);

    log.record(request("/login?user=bob&password=hunter2&session_token=abc-token-value"), deny());

    List<JsonNode> lines = jsonLines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("level").asText()).isEqualTo("WARN");
    assertThat(keyValues(lines.get(0)))
        .containsEntry("event", "request_denied")
        .containsEntry("decision", "deny")
        .containsEntry("request_id", "req-42")
        .containsEntry("client", "203.0.113.9")
        .containsEntry("method", "POST")
        .containsEntry(
            "path", "/login?user=bob&password=%5BREDACTED%5D&session_token=%5BREDACTED%5D")
        .containsEntry("rule_ids", "sqli-110,sqli-120")
        .containsEntry("categories", "sqli")
        .containsEntry("score", "8");
  }

  @Test
  void allowedRequestsAreNotLoggedButMonitorModeWouldDenyIs() throws Exception {
    DenialLog log = new DenialLog(10, redactor, 0, clock::get);

    log.record(request("/a"), Decision.Allow.clean());
    log.record(request("/b"), new Decision.Allow(deny().findings(), true, false, 10));
    log.record(request("/c"), new Decision.Allow(deny().findings(), false, false, 10));

    List<JsonNode> lines = jsonLines();
    assertThat(lines).hasSize(1);
    assertThat(keyValues(lines.get(0)))
        .containsEntry("decision", "monitor")
        .containsEntry("path", "/b")
        .containsEntry("client", "10.0.0.2");
  }

  @Test
  void atMostTheConfiguredLinesPerSecondThenOneSummaryOfWhatWasLeftOut() throws Exception {
    DenialLog log = new DenialLog(3, redactor, 0, clock::get);

    for (int i = 0; i < 10; i++) {
      log.record(request("/flood/" + i), deny());
    }
    assertThat(jsonLines()).hasSize(3);

    clock.addAndGet(1_000_000_000L);
    log.record(request("/next"), deny());

    List<JsonNode> lines = jsonLines();
    assertThat(lines).hasSize(5);
    assertThat(keyValues(lines.get(3))).containsEntry("event", "denials_suppressed");
    assertThat(keyValues(lines.get(3))).containsEntry("count", "7");
    assertThat(keyValues(lines.get(4))).containsEntry("path", "/next");
  }

  @Test
  void zeroPerSecondLogsNothing() throws Exception {
    new DenialLog(0, redactor, 0, clock::get).record(request("/x"), deny());
    DenialLog.OFF.record(request("/y"), deny());

    assertThat(jsonLines()).isEmpty();
  }
}
