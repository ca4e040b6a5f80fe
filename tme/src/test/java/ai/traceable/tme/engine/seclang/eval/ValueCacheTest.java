package ai.traceable.tme.engine.seclang.eval;

import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.get;
import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.match;
import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.request;
import static ai.traceable.tme.engine.seclang.eval.SecLangEvaluatorTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The per-request value cache and the rule-set-wide prefilter decide rules without running their
 * operators; these cases are the ones where a wrong shortcut would change a result.
 */
class ValueCacheTest {

  @Test
  void prefilterSeesTheValueAfterEachRulesOwnTransformations() {
    String rules =
        """
        SecRule ARGS "@rx attack" "id:1,phase:1,pass,log,t:none"
        SecRule ARGS "@rx attack" "id:2,phase:1,pass,log,t:none,t:urlDecodeUni"
        SecRule ARGS "@rx attack" "id:3,phase:1,pass,log,t:none,t:urlDecodeUni,t:lowercase"
        SecRule ARGS "@rx ATTACK" "id:4,phase:1,pass,log,t:none,t:urlDecodeUni"
        """;
    // the query decoder leaves %2561 as %61, which only t:urlDecodeUni turns into 'a'
    assertThat(run(rules, get("/?q=%2561ttack")).loggedIds()).containsExactly(2L, 3L);
    assertThat(run(rules, get("/?q=%2541TTACK")).loggedIds()).containsExactly(3L, 4L);
    assertThat(run(rules, get("/?q=attack")).loggedIds()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void negatedOperatorsMatchTheValuesThePrefilterRejects() {
    String rules =
        """
        SecRule ARGS "!@rx attack" "id:1,phase:1,pass,log,logdata:'%{MATCHED_VAR_NAME}'"
        SecRule ARGS "!@pm one two" "id:2,phase:1,pass,log,logdata:'%{MATCHED_VAR_NAME}'"
        """;
    var r = run(rules, get("/?a=attack&b=benign"));
    assertThat(r.loggedIds()).containsExactly(1L, 2L);
    assertThat(match(r, 1).logdata()).isEqualTo("ARGS:b");
  }

  @Test
  void phaseTwoSeesTheBodyArgumentsAddedAfterPhaseOne() {
    String rules =
        """
        SecRequestBodyAccess On
        SecRule ARGS "@rx attack" "id:1,phase:1,pass,log"
        SecRule ARGS "@rx attack" "id:2,phase:2,pass,log,logdata:'%{MATCHED_VAR_NAME}'"
        SecRule ARGS_NAMES "@rx attack" "id:3,phase:2,pass,log"
        """;
    var r =
        run(
            rules,
            request(
                "POST",
                "/?q=benign",
                "p=attack",
                "Content-Type",
                "application/x-www-form-urlencoded"));
    assertThat(r.loggedIds()).containsExactly(2L);
    assertThat(match(r, 2).logdata()).isEqualTo("ARGS:p");
  }

  @Test
  void equalValuesInDifferentEntriesKeepTheirOwnExclusions() {
    String rules =
        """
        SecRule ARGS|!ARGS:a "@rx attack" "id:1,phase:1,pass,log,logdata:'%{MATCHED_VAR_NAME}'"
        SecRule ARGS:a "@rx attack" "id:2,phase:1,pass,log"
        """;
    var r = run(rules, get("/?a=attack&b=attack"));
    assertThat(r.loggedIds()).containsExactly(1L, 2L);
    assertThat(match(r, 1).logdata()).isEqualTo("ARGS:b");
    assertThat(run(rules, get("/?a=attack&b=x")).loggedIds()).containsExactly(2L);
  }

  @Test
  void ctlTargetRemovalByTagAppliesToTheTaggedRulesOnly() {
    String rules =
        """
        SecAction "id:1,phase:1,pass,nolog,ctl:ruleRemoveTargetByTag=perf;ARGS:q"
        SecRule ARGS "@rx attack" "id:2,phase:1,pass,log,tag:'perf'"
        SecRule ARGS "@rx attack" "id:3,phase:1,pass,log,tag:'other'"
        """;
    assertThat(run(rules, get("/?q=attack")).loggedIds()).containsExactly(3L);
    assertThat(run(rules, get("/?z=attack")).loggedIds()).containsExactly(2L, 3L);
  }
}
