package ai.traceable.tme.engine.seclang.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.seclang.SecLangRequest;
import ai.traceable.tme.engine.seclang.SecLangResult;
import ai.traceable.tme.engine.seclang.model.Disruptive;
import ai.traceable.tme.engine.seclang.parse.SecLangFactories;
import ai.traceable.tme.seclang.SecLangLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecLangEvaluatorTest {

  private static final String SCORING =
      """
      SecRuleEngine On
      SecRequestBodyAccess On
      SecDefaultAction "phase:1,log,pass"
      SecDefaultAction "phase:2,log,pass"
      SecAction "id:1,phase:1,nolog,setvar:tx.threshold=5,setvar:tx.score=0"
      """;

  private static final String BLOCKING =
      """
      SecRule TX:SCORE "@ge %{tx.threshold}" "id:999,phase:2,deny,status:406,\\
        msg:'Score %{TX.score} reached',logdata:'last %{MATCHED_VAR_NAME}'"
      """;

  static SecLangResult run(String rules, SecLangRequest request) {
    return new SecLangEvaluator(
            new SecLangLoader(SecLangFactories.standard()).loadText(Path.of("t.conf"), rules))
        .evaluate(request);
  }

  static SecLangResult.MatchedRule match(SecLangResult result, long id) {
    return result.matches().stream().filter(m -> m.id() == id).findFirst().orElseThrow();
  }

  static SecLangRequest get(String uri, String... headers) {
    return request("GET", uri, "", headers);
  }

  static SecLangRequest request(String method, String uri, String body, String... headers) {
    List<SecLangRequest.Header> list = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      list.add(new SecLangRequest.Header(headers[i], headers[i + 1]));
    }
    return new SecLangRequest(
        method,
        uri,
        "HTTP/1.1",
        list,
        "10.0.0.1",
        1234,
        body.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void addsAnomalyScoresPerMatchedVariableAndDeniesAtTheThreshold() {
    String rules =
        SCORING
            + """
            SecRule ARGS "@rx attack" "id:10,phase:2,block,msg:'attack in %{MATCHED_VAR_NAME}',\\
              logdata:'%{MATCHED_VAR}',tag:'attack-x',severity:'CRITICAL',setvar:'tx.score=+3'"
            """
            + BLOCKING;
    SecLangResult one = run(rules, get("/?a=attack"));
    assertThat(one.action()).isEqualTo(Disruptive.PASS);
    assertThat(one.loggedIds()).containsExactly(10L);
    assertThat(match(one, 10).msg()).isEqualTo("attack in ARGS:a");
    assertThat(match(one, 10).logdata()).isEqualTo("attack");
    assertThat(match(one, 10).tags()).containsExactly("attack-x");
    assertThat(match(one, 10).severity()).isEqualTo(2);

    SecLangResult two = run(rules, get("/?a=attack&b=attack2"));
    assertThat(two.loggedIds()).containsExactly(10L, 999L);
    assertThat(two.denied()).isTrue();
    assertThat(two.status()).isEqualTo(406);
    assertThat(two.ruleId()).isEqualTo(999);
    assertThat(match(two, 999).msg()).isEqualTo("Score 6 reached");
    assertThat(match(two, 999).logdata()).isEqualTo("last TX:score");
    assertThat(two.inboundAnomalyScore()).isZero();
  }

  @Test
  void detectionOnlyReportsTheDenialWithoutEnforcingItAndKeepsEvaluating() {
    String rules =
        """
        SecRuleEngine DetectionOnly
        SecRule ARGS "@rx x" "id:1,phase:1,deny,status:403"
        SecRule ARGS "@rx x" "id:2,phase:2,pass,log"
        """;
    SecLangResult r = run(rules, get("/?q=x"));
    assertThat(r.action()).isEqualTo(Disruptive.DENY);
    assertThat(r.enforced()).isFalse();
    assertThat(r.denied()).isFalse();
    assertThat(r.loggedIds()).containsExactly(1L, 2L);
  }

  @Test
  void runsAChainStartersActionsOnItsMatchEvenWhenTheChainFails() {
    String rules =
        """
        SecRule REQUEST_METHOD "@rx ^GET$" "id:1,phase:1,pass,setvar:tx.started=1,chain"
          SecRule REQUEST_HEADERS:X-Test "@rx yes" "setvar:tx.chained=1"
        SecRule TX:started "@eq 1" "id:2,phase:1,pass,log"
        SecRule TX:chained "@eq 1" "id:3,phase:1,pass,log"
        """;
    assertThat(run(rules, get("/")).loggedIds()).containsExactly(2L);
    assertThat(run(rules, get("/", "X-Test", "yes")).loggedIds()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void skipsToMarkersAndOverCountedRules() {
    String rules =
        """
        SecRule ARGS:go "@rx skip" "id:1,phase:1,pass,nolog,skipAfter:END"
        SecAction "id:2,phase:1,pass,log"
        SecMarker END
        SecRule ARGS:go "@rx two" "id:3,phase:1,pass,nolog,skip:2"
        SecAction "id:4,phase:1,pass,log"
        SecAction "id:5,phase:1,pass,log"
        SecAction "id:6,phase:1,pass,log"
        """;
    assertThat(run(rules, get("/?go=skip")).loggedIds()).containsExactly(4L, 5L, 6L);
    assertThat(run(rules, get("/?go=two")).loggedIds()).containsExactly(2L, 6L);
  }

  @Test
  void ctlRemovesRulesAndTargetsForThisRequestOnly() {
    String rules =
        """
        SecRule REQUEST_URI "@beginsWith /admin" "id:1,phase:1,pass,nolog,\\
          ctl:ruleRemoveById=10,ctl:ruleRemoveTargetById=11;ARGS:pwd,ctl:ruleRemoveByTag=noisy"
        SecRule ARGS "@rx x" "id:10,phase:2,pass,log"
        SecRule ARGS "@rx x" "id:11,phase:2,pass,log"
        SecRule ARGS "@rx x" "id:12,phase:2,pass,log,tag:'noisy'"
        """;
    assertThat(run(rules, get("/admin?pwd=x")).loggedIds()).isEmpty();
    assertThat(run(rules, get("/admin?pwd=x&other=x")).loggedIds()).containsExactly(11L);
    assertThat(run(rules, get("/user?pwd=x")).loggedIds()).containsExactly(10L, 11L, 12L);
  }

  @Test
  void ctlTakesOutAVariableWithoutKeys() {
    // CRS 941010: a plain path is removed from the XSS rules tagged xss-perf-disable
    String rules =
        """
        SecRule REQUEST_FILENAME "!@validateByteRange 45-57,65-90,95,97-122" "id:1,phase:1,pass,\
          nolog,ctl:ruleRemoveTargetByTag=perf-disable;REQUEST_FILENAME"
        SecRule REQUEST_FILENAME|ARGS "@contains cookie" "id:10,phase:2,pass,log,tag:'perf-disable'"
        SecRule REQUEST_FILENAME|!ARGS:x "@contains cookie" "id:12,phase:2,pass,log"
        """;
    assertThat(run(rules, get("/doc/document.cookie")).loggedIds()).containsExactly(12L);
    assertThat(run(rules, get("/doc/document.cookie?q=cookie")).loggedIds())
        .containsExactly(10L, 12L);
    assertThat(run(rules, get("/doc/<document.cookie>")).loggedIds()).containsExactly(10L, 12L);
  }

  @Test
  void ctlRuleEngineOffStopsEvaluation() {
    String rules =
        """
        SecAction "id:1,phase:1,pass,nolog,ctl:ruleEngine=Off"
        SecAction "id:2,phase:1,deny"
        """;
    SecLangResult r = run(rules, get("/"));
    assertThat(r.matches()).extracting(SecLangResult.MatchedRule::id).containsExactly(1L);
    assertThat(r.action()).isEqualTo(Disruptive.PASS);
  }

  @Test
  void capturesGroupsIntoTxForTheChainedRule() {
    String rules =
        """
        SecRule REQUEST_HEADERS:Content-Type "@rx charset=([a-z0-9-]+)" "id:1,phase:1,pass,log,capture,\\
          logdata:'%{TX.1}',chain"
          SecRule TX:1 "!@rx ^utf-8$"
        """;
    SecLangResult r = run(rules, get("/", "Content-Type", "text/plain; charset=latin1"));
    assertThat(r.loggedIds()).containsExactly(1L);
    assertThat(match(r, 1).logdata()).isEqualTo("latin1");
    assertThat(run(rules, get("/", "Content-Type", "text/plain; charset=utf-8")).loggedIds())
        .isEmpty();
  }

  @Test
  void selectsCountsAndExcludesVariables() {
    String rules =
        """
        SecRule ARGS|!ARGS:safe "@rx x" "id:1,phase:1,pass,log"
        SecRule &ARGS "@eq 2" "id:2,phase:1,pass,log"
        SecRule ARGS_NAMES:/^se?cret/ "@rx ." "id:3,phase:1,pass,log"
        SecRule &REQUEST_HEADERS:X-Missing "@eq 0" "id:4,phase:1,pass,log"
        SecRule REQUEST_COOKIES:Session "@streq abc" "id:5,phase:1,pass,log"
        """;
    assertThat(run(rules, get("/?safe=x&Secret=1", "Cookie", "a=1; session=abc")).loggedIds())
        .containsExactly(2L, 3L, 4L, 5L);
    assertThat(run(rules, get("/?safe=x&other=x")).loggedIds()).containsExactly(1L, 2L, 4L);
  }

  @Test
  void multiMatchTriesTheValueAfterEachChangingTransformation() {
    String rules =
        """
        SecRule ARGS "@streq <x>" "id:1,phase:1,pass,log,t:none,t:urlDecode,t:lowercase"
        SecRule ARGS "@streq %3CX%3E" "id:2,phase:1,pass,log,multiMatch,t:none,t:urlDecode,t:lowercase"
        SecRule ARGS "@streq <X>" "id:3,phase:1,pass,log,multiMatch,t:none,t:urlDecode,t:lowercase"
        """;
    assertThat(run(rules, get("/?a=%253CX%253E")).loggedIds()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void expandsRequestHeaderMacrosAndKeepsScoresAcrossPhases() {
    String rules =
        """
        SecAction "id:1,phase:1,pass,nolog,setvar:'tx.host=%{request_headers.host}',setvar:tx.n=2"
        SecAction "id:2,phase:2,pass,nolog,setvar:tx.n=+3,setvar:tx.n=-1,setvar:!tx.host"
        SecRule TX:n "@eq 4" "id:3,phase:2,pass,log,msg:'host=%{tx.host}'"
        """;
    SecLangResult r = run(rules, get("/", "Host", "example.com"));
    assertThat(r.loggedIds()).containsExactly(3L);
    assertThat(match(r, 3).msg()).isEqualTo("host=");
  }

  @Test
  void allowStopsEvaluationAndAllowPhaseOnlyTheCurrentPhase() {
    String rules =
        """
        SecRule REMOTE_ADDR "@streq 10.0.0.1" "id:1,phase:1,allow:phase"
        SecAction "id:2,phase:1,deny"
        SecAction "id:3,phase:2,deny,status:403"
        """;
    SecLangResult r = run(rules, get("/"));
    assertThat(r.denied()).isTrue();
    assertThat(r.ruleId()).isEqualTo(3);
    String allowAll = rules.replace("allow:phase", "allow");
    SecLangResult a = run(allowAll, get("/"));
    assertThat(a.action()).isEqualTo(Disruptive.ALLOW);
    assertThat(a.denied()).isFalse();
  }
}
