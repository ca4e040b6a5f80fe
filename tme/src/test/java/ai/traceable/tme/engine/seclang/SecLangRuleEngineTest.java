package ai.traceable.tme.engine.seclang;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.seclang.SecLangLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecLangRuleEngineTest {
  static final String RULES =
      """
      SecRuleEngine %s
      SecRequestBodyAccess On
      SecRule ARGS:q "@contains evil" \\
          "id:1001,phase:2,deny,status:403,msg:'Evil found',\\
          logdata:'Matched %%{MATCHED_VAR} in %%{MATCHED_VAR_NAME}',\\
          tag:'attack-custom',severity:'CRITICAL'"
      SecRule REQUEST_HEADERS:User-Agent "@contains probe" \\
          "id:1002,phase:1,pass,msg:'Probe',severity:'WARNING'"
      SecRule REQUEST_HEADERS:User-Agent "@contains quiet" "id:1003,phase:1,pass,nolog"
      """;

  static StagedEngine engine(EngineMode mode, String ruleEngine) {
    var seclang =
        new SecLangRuleEngine(
            SecLangLoader.standard().loadText(Path.of("t.conf"), RULES.formatted(ruleEngine)));
    var tme =
        RulesLoader.parse(
            "detection: { enabled: false }\n".getBytes(StandardCharsets.UTF_8), "t.yaml");
    return tme.engine(mode, 0, PolicyState.local(), List.of(seclang));
  }

  static RequestView get(String path, String userAgent) {
    return new RequestView(
        "GET",
        path,
        "example.com",
        Map.of("user-agent", List.of(userAgent)),
        new byte[0],
        false,
        "192.0.2.1",
        1);
  }

  @Test
  void aDenyingRuleDeniesWithItsIdMessageDataLocationAndSeverityScore() {
    Decision d = engine(EngineMode.BLOCK, "On").evaluate(get("/s?q=so+evil", "curl"));
    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(((Decision.Deny) d).status()).isEqualTo(Decision.Deny.CONFIGURED_STATUS);
    assertThat(d.findings())
        .containsExactly(
            new Finding(
                "seclang-1001",
                "custom",
                RuleAction.BLOCK,
                "ARGS:q",
                5,
                "[msg \"Evil found\"] [data \"Matched so evil in ARGS:q\"]"));
  }

  @Test
  void passingRulesAreFindingsWithoutADenialAndNologRulesAreNotReported() {
    Decision d = engine(EngineMode.BLOCK, "On").evaluate(get("/s?q=fine", "probe quiet"));
    assertThat(d).isInstanceOf(Decision.Allow.class);
    assertThat(d.findings())
        .containsExactly(
            new Finding(
                "seclang-1002",
                "seclang",
                RuleAction.MONITOR,
                "REQUEST_HEADERS:user-agent",
                3,
                "[msg \"Probe\"]"));
    assertThat(((Decision.Allow) d).wouldDeny()).isFalse();
  }

  @Test
  void detectionOnlyRecordsWhatWouldDenyButAllows() {
    Decision d = engine(EngineMode.BLOCK, "DetectionOnly").evaluate(get("/s?q=evil", "curl"));
    assertThat(d).isInstanceOf(Decision.Allow.class);
    assertThat(d.findings()).extracting(Finding::ruleId).containsExactly("seclang-1001");
    assertThat(d.findings().get(0).action()).isEqualTo(RuleAction.MONITOR);
  }

  @Test
  void monitorModeAllowsWhatTheRulesDenyAndSaysBlockModeWouldDeny() {
    Decision d = engine(EngineMode.MONITOR, "On").evaluate(get("/s?q=evil", "curl"));
    assertThat(d).isInstanceOf(Decision.Allow.class);
    assertThat(((Decision.Allow) d).wouldDeny()).isTrue();
    assertThat(d.ruleIds()).isEqualTo("seclang-1001");
  }

  @Test
  void anomalyEvaluationRulesScoreNothingAndCategoriesComeFromAttackTags() {
    assertThat(SecLangRuleEngine.category(List.of("OWASP_CRS", "attack-sqli"))).isEqualTo("sqli");
    assertThat(SecLangRuleEngine.category(List.of("anomaly-evaluation"))).isEqualTo("seclang");
    var evaluation =
        new SecLangResult.MatchedRule(
            949110, 2, "m", "", List.of("anomaly-evaluation"), 2, true, "");
    assertThat(SecLangRuleEngine.score(evaluation)).isZero();
  }
}
