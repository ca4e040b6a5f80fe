package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.rules.RulesWatcher;
import ai.traceable.tme.seclang.SecLangWatcher;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The rules file and the SecLang rules deleted, emptied, cut short or made invalid while tme runs
 * as {@code serve} composes it: the rules in force keep deciding (a request they deny is still
 * denied), /ready stays 200, each broken version is counted on /metrics and logged, and the next
 * valid version is put in force without a restart.
 */
class RulesFileFaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    log.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    log.start();
    logger(RulesWatcher.class).addAppender(log);
    logger(SecLangWatcher.class).addAppender(log);
  }

  @AfterEach
  void releaseLogs() {
    logger(RulesWatcher.class).detachAppender(log);
    logger(SecLangWatcher.class).detachAppender(log);
  }

  private static Logger logger(Class<?> type) {
    return (Logger) LoggerFactory.getLogger(type);
  }

  private static String rules(String version, String deniedPrefix) {
    return "version: "
        + version
        + "\nrules:\n  - id: deny-"
        + version
        + "\n    when: {path: {prefix: "
        + deniedPrefix
        + "}}\n";
  }

  private static String secRule(int id, String word) {
    return "SecRuleEngine On\nSecRule ARGS:q \"@contains "
        + word
        + "\" \"id:"
        + id
        + ",phase:2,deny,msg:'custom word'\"\n";
  }

  private static boolean denied(CheckClient client, String path) {
    return client.check(Requests.get(path)).getStatus().getCode()
        == Status.Code.PERMISSION_DENIED.value();
  }

  /** A broken version of a file, and what it does to the file. */
  private record Fault(String name, FileEdit edit) {}

  @FunctionalInterface
  private interface FileEdit {
    void apply(Path file) throws Exception;
  }

  private static Fault write(String name, String content) {
    return new Fault(name, f -> Files.writeString(f, content));
  }

  private static Fault cutInHalf(String of) {
    byte[] full = of.getBytes(StandardCharsets.UTF_8);
    return new Fault(
        "cut in the middle of a rule",
        f -> Files.write(f, java.util.Arrays.copyOf(full, full.length / 2)));
  }

  /**
   * Applies each fault in turn and checks, after each, that it was counted (the counter {@code
   * failures} grows by one), logged, and changed nothing else.
   */
  private void eachFaultKeepsTheRulesInForce(
      ServingFixture tme,
      CheckClient client,
      Path file,
      List<Fault> faults,
      String failures,
      Runnable rulesInForce)
      throws Exception {
    Management m = tme.management();
    for (Fault fault : faults) {
      double before = m.sum(failures, Map.of("result", "failure"));
      int logged = log.list.size();
      fault.edit().apply(file);
      await()
          .atMost(WAIT)
          .alias(fault.name())
          .until(() -> m.sum(failures, Map.of("result", "failure")) == before + 1);
      rulesInForce.run();
      assertThat(m.status("/ready")).as("ready after: " + fault.name()).isEqualTo(200);
      assertThat(log.list.subList(logged, log.list.size()))
          .as("logged: " + fault.name())
          .anyMatch(e -> e.getFormattedMessage().contains("stays in force"));
      assertThat(m.sum(failures, Map.of("result", "success"))).isZero();
    }
  }

  @Test
  void aBrokenRulesFileKeepsTheRulesInForceAndReadinessIsCountedAndTheNextValidOneApplies()
      throws Exception {
    Path file = dir.resolve("rules.yaml");
    String v1 = rules("v1", "/old");
    Files.writeString(file, v1);
    try (ServingFixture tme =
            ServingFixture.start(
                Map.of(
                    "tme.engine.rules-file",
                    file.toString(),
                    "tme.engine.reload-interval",
                    "50ms"));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      Runnable v1InForce =
          () -> {
            assertThat(denied(client, "/old/x")).as("denied by v1").isTrue();
            assertThat(denied(client, "/new/x")).isFalse();
          };
      v1InForce.run();

      eachFaultKeepsTheRulesInForce(
          tme,
          client,
          file,
          List.of(
              new Fault("deleted", Files::delete),
              write("emptied", ""),
              cutInHalf(v1),
              write("not YAML", "rules: [ {id: broken\n\t: ]"),
              write("YAML but not rules", "version: v9\nrules:\n  - id: r\n    when: {pathh: 1}\n"),
              write(
                  "an unknown action",
                  rules("v9", "/x").replace("when", "action: explode\n    when")),
              new Fault(
                  "bytes that are not text", f -> Files.write(f, new byte[] {0, -1, 27, -2}))),
          "tme_rules_reloads_total",
          v1InForce);
      assertThat(tme.management().sum("tme_rules_info", Map.of("version", "v1"))).isEqualTo(1.0);

      Files.writeString(file, rules("v2", "/new"));
      await()
          .atMost(WAIT)
          .until(() -> tme.management().sum("tme_rules_info", Map.of("version", "v2")) == 1.0);
      assertThat(denied(client, "/new/x")).as("denied by v2").isTrue();
      assertThat(denied(client, "/old/x")).isFalse();
    }
  }

  @Test
  void brokenSecLangRulesKeepTheRulesInForceAndReadinessAreCountedAndTheNextValidOnesApply()
      throws Exception {
    Path file = dir.resolve("custom.conf");
    String first = secRule(1001, "forbiddenword");
    Files.writeString(file, first);
    try (ServingFixture tme =
            ServingFixture.start(
                Map.of(
                    "tme.seclang.rules",
                    List.of(file.toString()),
                    "tme.engine.reload-interval",
                    "50ms"));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      Runnable firstInForce =
          () -> {
            assertThat(denied(client, "/search?q=forbiddenword")).as("denied by 1001").isTrue();
            assertThat(denied(client, "/search?q=otherword")).isFalse();
          };
      firstInForce.run();

      eachFaultKeepsTheRulesInForce(
          tme,
          client,
          file,
          List.of(
              new Fault("deleted", Files::delete),
              write("emptied", ""),
              cutInHalf(first),
              write("an unknown operator", "SecRule ARGS \"@nosuchop x\" \"id:3,phase:2,deny\"\n"),
              write("an unknown directive", "SecNoSuchDirective On\n")),
          "tme_seclang_reloads_total",
          firstInForce);

      Files.writeString(file, secRule(1002, "otherword"));
      await().atMost(WAIT).until(() -> denied(client, "/search?q=otherword"));
      assertThat(denied(client, "/search?q=forbiddenword")).isFalse();
      assertThat(tme.management().sum("tme_seclang_reloads_total", Map.of("result", "success")))
          .isEqualTo(1.0);
    }
  }
}
