package ai.traceable.tme.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.engine.StagedEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesLoaderTest {

  private static RuleSet parse(String yaml) {
    return RulesLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "rules.yaml");
  }

  @Test
  void bundledRulesLoadAndCarryAVersion() {
    RuleSet bundled = RulesLoader.loadBundled();
    assertThat(bundled.size()).isGreaterThan(0);
    assertThat(bundled.version()).startsWith("bundled-");
    assertThat(bundled.source()).isEqualTo("bundled defaults");
  }

  @Test
  void fileWithoutVersionIsLabelledByContentHash() {
    RuleSet a = parse("rules: [{id: a, when: {path: {prefix: /a}}}]");
    RuleSet b = parse("rules: [{id: a, when: {path: {prefix: /b}}}]");
    assertThat(a.version()).startsWith("sha256:");
    assertThat(a.version()).isNotEqualTo(b.version());
  }

  @Test
  void loadsAFileFromDisk(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "version: v7\nrules: [{id: a, when: {method: {equals: GET}}}]\n");
    RuleSet rules = RulesLoader.load(file);
    assertThat(rules.version()).isEqualTo("v7");
    assertThat(rules.source()).isEqualTo(file.toString());
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> RulesLoader.load(missing))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining(missing.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          broken YAML                 | rules: [ {id: a                                          | not a valid rules file
          empty file                  | ''                                                        | empty
          unknown top-level key       | rulez: []                                                 | rulez
          unknown condition operator  | rules: [{id: a, when: {path: {startsWith: /a}}}]          | startsWith
          two operators               | rules: [{id: a, when: {path: {prefix: /a, suffix: b}}}]   | exactly one
          no conditions               | rules: [{id: a, when: {}}]                                | at least one condition
          missing when                | rules: [{id: a}]                                          | 'when' is required
          missing id                  | rules: [{when: {path: {prefix: /a}}}]                     | needs an 'id'
          duplicate id                | rules: [{id: a, when: {path: {prefix: /a}}}, {id: a, when: {path: {prefix: /b}}}] | duplicate id 'a'
          bad action                  | rules: [{id: a, action: drop, when: {path: {prefix: /a}}}] | unknown rule action 'drop'
          bad regex                   | rules: [{id: a, when: {path: {regex: '(unclosed'}}}]      | invalid regex
          empty containsAny           | rules: [{id: a, when: {path: {containsAny: []}}}]         | at least one value
          empty containsAny needle    | rules: [{id: a, when: {path: {containsAny: [a, '']}}}]    | empty value
          empty in-list               | rules: [{id: a, when: {method: {in: []}}}]                | at least one value
          bad CIDR                    | ipLists: [{id: l, cidrs: [10.0.0.0/33]}]                  | not an IP address or CIDR block
          hostname instead of address | ipLists: [{id: l, cidrs: [evil.example.com]}]             | not an IP address or CIDR block
          wildcard address            | ipLists: [{id: l, cidrs: ['*']}]                          | not a single IPv4 or IPv6 block
          null CIDR entry             | ipLists: [{id: l, cidrs: [~]}]                            | empty entry
          blank CIDR entry            | ipLists: [{id: l, cidrs: ['  ']}]                         | empty entry
          IPv4-mapped IPv6 entry      | ipLists: [{id: l, cidrs: ['::ffff:10.0.0.0/104']}]        | IPv4-mapped
          null rule                   | rules: [~]                                                | 'rules' holds an empty entry
          null ip list                | ipLists: [~]                                              | 'ipLists' holds an empty entry
          header without condition    | rules: [{id: a, when: {headers: {x-a: ~}}}]               | condition is empty
          null in in-list             | rules: [{id: a, when: {method: {in: [GET, ~]}}}]          | null
          comment-only file           | '# nothing here'                                          | empty
          """)
  void invalidFilesAreRejectedWithAMessageNamingTheProblem(
      String name, String yaml, String expected) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(RulesException.class)
        .hasMessageStartingWith("rules.yaml")
        .hasMessageContaining(expected);
  }

  @Test
  void parserErrorsAreReportedOnOneLineWithTheirPosition() {
    assertThatThrownBy(() -> parse("rules: [ { id: x, when: \n"))
        .isInstanceOf(RulesException.class)
        .hasMessageNotContaining("\n")
        .hasMessageContaining("line ");
  }

  @Test
  void backtrackingPatternsAreLinearTime() {
    // (a+)+$ backtracks exponentially in java.util.regex; RE2/J answers at once.
    RuleSet rules = parse("rules: [{id: redos, when: {path: {regex: '^/(a+)+$'}}}]");
    var engine = rules.engine(ai.traceable.tme.engine.EngineMode.BLOCK);
    String evil = "/" + "a".repeat(50_000) + "!";
    var decision =
        engine.evaluate(
            new ai.traceable.tme.engine.inspect.RequestView(
                "GET", evil, "h", java.util.Map.of(), new byte[0], false, "10.0.0.1", 1));
    assertThat(decision).isInstanceOf(ai.traceable.tme.engine.Decision.Allow.class);
  }

  @Test
  void methodConditionsIgnoreCaseWhateverTheFileSays() {
    RuleSet rules = parse("rules: [{id: m, when: {method: {equals: patch, ignoreCase: false}}}]");
    var engine = rules.engine(ai.traceable.tme.engine.EngineMode.BLOCK);
    var decision =
        engine.evaluate(
            new ai.traceable.tme.engine.inspect.RequestView(
                "PATCH", "/", "h", java.util.Map.of(), new byte[0], false, "10.0.0.1", 1));
    assertThat(decision).isInstanceOf(ai.traceable.tme.engine.Decision.Deny.class);
  }

  @Test
  void aRuleReportsItsFirstHeaderConditionInFileOrder() {
    RuleSet rules =
        parse(
            "rules: [{id: h, when: {headers: {x-b: {equals: '1'}, x-a: {equals: '1'},"
                + " x-c: {equals: '1'}}}}]");
    assertThat(rules.rules().get(0).location()).isEqualTo("header:x-b");
  }

  @Test
  void containsAnyFindsEveryNeedleAnywhereAndHonoursIgnoreCase() {
    RuleSet rules =
        parse(
            "rules: [{id: ua, when: {headers: {user-agent: {containsAny: [sqlmap, Nikto],"
                + " ignoreCase: true}}}}, {id: p, when: {path: {containsAny: [/internal, /debug-ui]}}}]");
    var engine = rules.engine(ai.traceable.tme.engine.EngineMode.BLOCK);
    assertThat(ruleHit(engine, "/", "Mozilla/5.0 SQLMap/1.7")).isEqualTo("ua");
    assertThat(ruleHit(engine, "/", "x nikto/2.5 y")).isEqualTo("ua");
    assertThat(ruleHit(engine, "/app/debug-ui/x", "curl/8")).isEqualTo("p");
    assertThat(ruleHit(engine, "/app/INTERNAL", "curl/8")).isNull();
    assertThat(ruleHit(engine, "/app/env", "sql map")).isNull();
  }

  private static String ruleHit(StagedEngine engine, String path, String userAgent) {
    var decision =
        engine.evaluate(
            new ai.traceable.tme.engine.inspect.RequestView(
                "GET",
                path,
                "h",
                java.util.Map.of("user-agent", java.util.List.of(userAgent)),
                new byte[0],
                false,
                "10.0.0.1",
                1));
    return decision instanceof ai.traceable.tme.engine.Decision.Deny deny
        ? deny.findings().get(0).ruleId()
        : null;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'detection: {}', 1, 5",
    "'detection: {paranoia: 1}', 1, 5",
    "'detection: {paranoia: 2}', 2, 5",
    "'detection: {paranoia: 3}', 3, 4",
    "'detection: {paranoia: 4}', 4, 2",
    "'detection: {paranoia: 4, threshold: 7}', 4, 7",
    "'detection: {threshold: 3}', 1, 3"
  })
  void aParanoiaLevelBringsItsThresholdUnlessOneIsSet(String yaml, int paranoia, int threshold) {
    var settings = parse(yaml).detection().settings();
    assertThat(settings.paranoia()).isEqualTo(paranoia);
    assertThat(settings.threshold()).isEqualTo(threshold);
  }
}
