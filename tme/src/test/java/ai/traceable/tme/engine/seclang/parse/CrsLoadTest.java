package ai.traceable.tme.engine.seclang.parse;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.seclang.CrsFiles;
import ai.traceable.tme.engine.seclang.StandIns;
import ai.traceable.tme.engine.seclang.model.Ctl;
import ai.traceable.tme.engine.seclang.model.Disruptive;
import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.RuleEngineMode;
import ai.traceable.tme.engine.seclang.model.RuleSet;
import ai.traceable.tme.engine.seclang.model.SetVar;
import ai.traceable.tme.engine.seclang.transform.Transformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OWASP CRS v4.28.0, unmodified, loads, and a few rules come out exactly as written. */
class CrsLoadTest {

  private static RuleSet crs;

  @BeforeAll
  static void load() {
    long start = System.nanoTime();
    crs = new SecLangLoader(StandIns.factories()).load(CrsFiles.setupAndRules());
    System.out.printf(
        "CRS: %d rules loaded in %d ms%n",
        crs.ruleCount(), (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void loadsEverySecRuleAndSecActionOfSetupAndRules() {
    // 622 SecRule chain starters + 8 SecAction, counted in the files; 30 markers in every phase
    assertThat(crs.ruleCount()).isEqualTo(630);
    assertThat(crs.phase(1).stream().filter(Rule::isMarker).count()).isEqualTo(30);
    assertThat(crs.componentSignatures()).containsExactly("OWASP_CRS/4.28.0");
    assertThat(crs.ignoredDirectives()).isEmpty();
    assertThat(crs.settings().ruleEngine()).isEqualTo(RuleEngineMode.ON);
  }

  @Test
  void parsesTheLibinjectionSqlRuleExactly() {
    Rule r = crs.rule(942100);
    assertThat(r.phase()).isEqualTo(2);
    assertThat(r.targets())
        .map(Object::toString)
        .containsExactly(
            "REQUEST_COOKIES",
            "REQUEST_COOKIES_NAMES",
            "REQUEST_HEADERS:User-Agent",
            "REQUEST_HEADERS:Referer",
            "ARGS_NAMES",
            "ARGS",
            "XML:/*",
            "XML://@*");
    assertThat(r.operator().toString()).isEqualTo("@detectSQLi");
    assertThat(r.transformations())
        .map(Transformation::name)
        .containsExactly("utf8toUnicode", "urlDecodeUni", "removeNulls");
    assertThat(r.capture()).isTrue();
    assertThat(r.multiMatch()).isTrue();
    // block under "SecDefaultAction phase:2,log,auditlog,pass" is pass
    assertThat(r.disruptive()).isEqualTo(Disruptive.PASS);
    assertThat(r.meta().msgSource()).isEqualTo("SQL Injection Attack Detected via libinjection");
    assertThat(r.meta().logdata().source())
        .isEqualTo("Matched Data: %{TX.0} found within %{MATCHED_VAR_NAME}: %{MATCHED_VAR}");
    assertThat(r.meta().tags()).hasSize(8).startsWith("application-multi").contains("attack-sqli");
    assertThat(r.meta().severity()).isEqualTo(2);
    assertThat(r.meta().ver()).isEqualTo("OWASP_CRS/4.28.0");
    assertThat(r.effects()).hasSize(2);
    SetVar first = (SetVar) r.effects().get(0);
    assertThat(first.collection()).isEqualTo("TX");
    assertThat(first.name().source()).isEqualTo("inbound_anomaly_score_pl1");
    assertThat(first.op()).isEqualTo(SetVar.Op.ADD);
    assertThat(first.value().source()).isEqualTo("%{tx.critical_anomaly_score}");
  }

  @Test
  void keepsAChainWithItsNegatedOperatorAndTheSetvarOnTheChainedRule() {
    Rule r = crs.rule(920170);
    assertThat(r.phase()).isEqualTo(1);
    assertThat(r.operator().toString()).isEqualTo("@rx ^(?:GET|HEAD)$");
    assertThat(r.effects()).isEmpty();
    Rule chained = r.chained();
    assertThat(chained.id()).isZero();
    assertThat(chained.targets())
        .map(Object::toString)
        .containsExactly("REQUEST_HEADERS:Content-Length");
    assertThat(chained.operator().negated()).isTrue();
    assertThat(chained.operator().argument()).isEqualTo("^0?$");
    assertThat(chained.effects()).hasSize(1);
    assertThat(chained.chained()).isNull();
  }

  @Test
  void blockingEvaluationDeniesAndExpandsItsThresholdPerRequest() {
    Rule r = crs.rule(949110);
    assertThat(r.phase()).isEqualTo(2);
    assertThat(r.disruptive()).isEqualTo(Disruptive.DENY);
    assertThat(r.targets())
        .map(Object::toString)
        .containsExactly("TX:BLOCKING_INBOUND_ANOMALY_SCORE");
    assertThat(r.operator().name()).isEqualTo("ge");
    assertThat(r.operator().argument()).isEqualTo("%{tx.inbound_anomaly_score_threshold}");
  }

  @Test
  void appliesUpdateTargetDirectivesAndReadsCtlAndSkipAfter() {
    assertThat(crs.rule(932240).exclusions())
        .map(Object::toString)
        .contains("!REQUEST_COOKIES:/^_ga(?:_\\w+)?$/");
    Rule sampling = crs.rule(901450);
    assertThat(sampling.effects())
        .anySatisfy(e -> assertThat(e).isInstanceOf(Ctl.RemoveByTagOrMsg.class));
    assertThat(crs.rule(901400).skipAfter()).isEqualTo("END-SAMPLING");
    assertThat(crs.rule(901001).status()).isEqualTo(500);
  }
}
