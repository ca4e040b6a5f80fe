package ai.traceable.tme.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private record Run(int status, List<JsonNode> lines, String err) {}

  private static Run run(String stdin, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        CheckCommand.run(
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    List<JsonNode> lines = new ArrayList<>();
    for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!l.isBlank()) {
        lines.add(JSON.readTree(l));
      }
    }
    return new Run(status, lines, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsADecisionWithFindingsPerRequestAndChecksExpectations() throws Exception {
    String requests =
        """
        {"id": "a", "path": "/download?file=../../../etc/passwd", "expect": "deny"}
        {"id": "b", "path": "/products?id=42", "headers": {"user-agent": "curl/8"}, "expect": "allow"}
        """;
    Run r = run(requests);
    assertThat(r.status()).isZero();
    assertThat(r.lines()).hasSize(2);
    JsonNode a = r.lines().get(0);
    assertThat(a.get("decision").asText()).isEqualTo("deny");
    assertThat(a.get("findings").get(0).get("class").asText()).isEqualTo("traversal");
    assertThat(a.get("findings").get(0).get("location").asText()).isEqualTo("query:file");
    assertThat(a.get("ok").asBoolean()).isTrue();
    assertThat(r.lines().get(1).get("decision").asText()).isEqualTo("allow");
    assertThat(r.err()).contains("2 requests, 1 denied, 0 expectation mismatches");
  }

  @Test
  void aMismatchOrAnUnreadableLineMakesTheStatusOne() throws Exception {
    Run mismatch = run("{\"path\": \"/ok\", \"expect\": \"deny\"}\n");
    assertThat(mismatch.status()).isEqualTo(1);
    assertThat(mismatch.lines().get(0).get("ok").asBoolean()).isFalse();

    Run unreadable = run("{not json\n{\"method\": \"GET\"}\n");
    assertThat(unreadable.status()).isEqualTo(1);
    assertThat(unreadable.err()).contains("line 1: not a request", "line 2: not a request");
  }

  @Test
  void readsARulesFileAndTheRequestsFile() throws Exception {
    Path rules =
        Files.writeString(
            dir.resolve("rules.yaml"),
            "rules: [{id: no-admin, when: {path: {prefix: /admin}}}]\n"
                + "detection: {classes: {traversal: monitor}}\n");
    Path requests =
        Files.writeString(
            dir.resolve("r.jsonl"),
            "{\"path\": \"/admin/x\"}\n{\"path\": \"/f?file=../../../etc/passwd\"}\n");
    Run r = run("", "--rules", rules.toString(), requests.toString());
    assertThat(r.lines().get(0).get("findings").get(0).get("rule").asText()).isEqualTo("no-admin");
    assertThat(r.lines().get(0).get("decision").asText()).isEqualTo("deny");
    assertThat(r.lines().get(1).get("decision").asText()).isEqualTo("monitor");
  }

  @Test
  void badRulesOrOptionsExitTwo() throws Exception {
    Path broken = Files.writeString(dir.resolve("bad.yaml"), "rules: [ {id: x");
    assertThat(run("", "--rules", broken.toString()).status()).isEqualTo(2);
    assertThat(run("", "--bogus").status()).isEqualTo(2);
  }

  @Test
  void brokenPolicyEntryExitsTwoAndNamesTheEntry() throws Exception {
    Path broken =
        Files.writeString(
            dir.resolve("policy.yaml"),
            "policies: {rateLimits: [{id: login-burst, limit: 5, period: 5m}]}\n");
    Run r = run("", "--rules", broken.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("rate limit 'login-burst': 'period' value '5m'");
  }

  @Test
  void seclangRulesFindingsAppearWithTheirMessageAndData() throws Exception {
    Path rules = dir.resolve("custom.conf");
    Files.writeString(
        rules,
        """
        SecRule ARGS:q "@contains evil" \\
            "id:1001,phase:2,deny,msg:'Evil found',logdata:'%{MATCHED_VAR}',tag:'attack-custom'"
        """);
    Run r =
        run(
            "{\"id\": \"a\", \"path\": \"/s?q=evil\", \"expect\": \"deny\"}\n",
            "--seclang",
            rules.toString(),
            "--seclang-profile",
            "all");
    assertThat(r.status()).isZero();
    JsonNode finding = r.lines().get(0).get("findings").get(0);
    assertThat(finding.get("rule").asText()).isEqualTo("seclang-1001");
    assertThat(finding.get("class").asText()).isEqualTo("custom");
    assertThat(finding.get("location").asText()).isEqualTo("ARGS:q");
    assertThat(finding.get("snippet").asText()).isEqualTo("[msg \"Evil found\"] [data \"evil\"]");
  }

  @Test
  void aBrokenSeclangFileIsABadUsageWithItsLine() throws Exception {
    Path rules = dir.resolve("broken.conf");
    Files.writeString(rules, "SecRule ARGS \"@nosuch x\" \"id:1,phase:1\"\n");
    Run r = run("", "--seclang", rules.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("broken.conf:1");
  }
}
