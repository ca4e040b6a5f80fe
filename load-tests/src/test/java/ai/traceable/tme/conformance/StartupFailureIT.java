package ai.traceable.tme.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tme refuses to run, with a non-zero exit and one clear log line, when it cannot serve. */
class StartupFailureIT {
  /** Every line tme logs in text format starts with an ISO-8601 timestamp. */
  private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T.*");

  private static final String BROKEN_YAML = "rules: [ { id: x, when: \n";

  @TempDir Path dir;

  @Test
  void exitsNonZeroWithAnErrorNamingTheFileWhenRulesAreNotValidYaml() throws Exception {
    Path rules = Files.writeString(dir.resolve("broken-rules.yaml"), BROKEN_YAML);

    try (TmeProcess tme = startWithRules(rules)) {
      assertNotEquals(0, tme.awaitExit());
      assertOneErrorLineMentioning(tme, rules.toString());
    }
  }

  @Test
  void reportsInvalidYamlRulesOnASingleLine() throws Exception {
    Path rules = Files.writeString(dir.resolve("broken-rules.yaml"), BROKEN_YAML);

    try (TmeProcess tme = startWithRules(rules)) {
      assertNotEquals(0, tme.awaitExit());
      assertEveryLineIsALogRecord(tme);
    }
  }

  @Test
  void exitsNonZeroNamingTheAddressWhenTheGrpcPortIsTaken() throws Exception {
    try (ServerSocket taken = occupiedLoopbackPort()) {
      int port = taken.getLocalPort();

      try (TmeProcess tme =
          TmeProcess.start("grpc-port-taken", Map.of(), port, TmeProcess.freePort())) {
        assertNotEquals(0, tme.awaitExit());
        assertOneErrorLineMentioning(tme, TmeProcess.HOST + ":" + port);
        assertEveryLineIsALogRecord(tme);
      }
    }
  }

  @Test
  void exitsNonZeroNamingTheAddressWhenTheManagementPortIsTaken() throws Exception {
    try (ServerSocket taken = occupiedLoopbackPort()) {
      int port = taken.getLocalPort();

      try (TmeProcess tme =
          TmeProcess.start("management-port-taken", Map.of(), TmeProcess.freePort(), port)) {
        assertNotEquals(0, tme.awaitExit());
        assertOneErrorLineMentioning(tme, TmeProcess.HOST + ":" + port);
        assertEveryLineIsALogRecord(tme);
      }
    }
  }

  private static TmeProcess startWithRules(Path rules) {
    return TmeProcess.start(
        "broken-rules",
        Map.of("TME_RULES_FILE", rules.toString()),
        TmeProcess.freePort(),
        TmeProcess.freePort());
  }

  private static ServerSocket occupiedLoopbackPort() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(TmeProcess.HOST), 0));
    return socket;
  }

  private static void assertOneErrorLineMentioning(TmeProcess tme, String text) {
    List<String> errors =
        tme.logLines().stream().filter(l -> l.contains("ERROR") && l.contains(text)).toList();
    assertEquals(
        1, errors.size(), () -> "one ERROR line mentioning " + text + " in:\n" + tme.log());
  }

  /** No multi-line messages or stack traces: each line is a record of its own. */
  private static void assertEveryLineIsALogRecord(TmeProcess tme) {
    for (String line : tme.logLines()) {
      assertTrue(
          LOG_LINE.matcher(line).matches(),
          () -> "continuation line '" + line + "' in:\n" + tme.log());
    }
  }
}
