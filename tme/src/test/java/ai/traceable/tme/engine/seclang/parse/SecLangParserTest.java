package ai.traceable.tme.engine.seclang.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.engine.seclang.StandIns;
import ai.traceable.tme.engine.seclang.model.Ctl;
import ai.traceable.tme.engine.seclang.model.Disruptive;
import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.RuleEngineMode;
import ai.traceable.tme.engine.seclang.model.RuleSet;
import ai.traceable.tme.engine.seclang.model.SetVar;
import ai.traceable.tme.engine.seclang.transform.Transformation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecLangParserTest {

  @TempDir Path dir;

  private RuleSet load(String text) {
    return new SecLangLoader(StandIns.factories()).loadText(dir.resolve("test.conf"), text);
  }

  @Test
  void joinsContinuationLinesAndSkipsComments() {
    RuleSet set =
        load(
            """
            # a comment \\
              continued comment
            SecRule ARGS "@rx a b" \\
                "id:1,\\
                phase:1,\\
                deny"
            """);
    Rule r = set.rule(1);
    assertThat(r.line()).isEqualTo(3);
    assertThat(r.operator().argument()).isEqualTo("a b");
    assertThat(r.disruptive()).isEqualTo(Disruptive.DENY);
  }

  @Test
  void unescapesQuotesInDirectiveArgumentsAndActionValuesButKeepsOtherBackslashes() {
    RuleSet set =
        load(
            """
            SecRule ARGS "@rx [\\"\\'] \\d \\\\\\\\" "id:1,msg:'it\\'s \\\\ ok',logdata:'a,b'"
            """);
    Rule r = set.rule(1);
    assertThat(r.operator().argument()).isEqualTo("[\"\\'] \\d \\\\");
    assertThat(r.meta().msgSource()).isEqualTo("it's \\ ok");
    assertThat(r.meta().logdata().source()).isEqualTo("a,b");
  }

  @Test
  void readsImplicitRxNegationAndOperatorWithoutArgument() {
    RuleSet set =
        load(
            """
            SecRule ARGS "^foo" "id:1"
            SecRule ARGS "!^foo" "id:2"
            SecRule ARGS "!@streq x" "id:3"
            SecRule ARGS "@unconditionalMatch" "id:4"
            """);
    assertThat(set.rule(1).operator().toString()).isEqualTo("@rx ^foo");
    assertThat(set.rule(2).operator().toString()).isEqualTo("!@rx ^foo");
    assertThat(set.rule(3).operator().toString()).isEqualTo("!@streq x");
    assertThat(set.rule(4).operator().argument()).isEmpty();
  }

  @Test
  void parsesVariablesWithSelectorsRegexesExclusionsAndCounts() {
    RuleSet set =
        load(
            """
            SecRule ARGS|!ARGS:foo|&REQUEST_HEADERS:Host|ARGS_NAMES:/^a|b$/|REQUEST_COOKIES:'xy'|XML://@* "@rx x" "id:1"
            """);
    Rule r = set.rule(1);
    assertThat(r.targets())
        .map(Object::toString)
        .containsExactly(
            "ARGS",
            "&REQUEST_HEADERS:Host",
            "ARGS_NAMES:/^a|b$/",
            "REQUEST_COOKIES:xy",
            "XML://@*");
    assertThat(r.exclusions()).map(Object::toString).containsExactly("!ARGS:foo");
  }

  @Test
  void resetsTransformationsAtNoneAndAppliesPhaseDefaults() {
    RuleSet set =
        load(
            """
            SecDefaultAction "phase:1,log,deny,status:403,t:lowercase"
            SecDefaultAction "phase:2,log,pass"
            SecRule ARGS "@rx x" "id:1,phase:1,block,t:urlDecode"
            SecRule ARGS "@rx x" "id:2,phase:1,block,t:none,t:urlDecode"
            SecRule ARGS "@rx x" "id:3,phase:2,block"
            SecRule ARGS "@rx x" "id:4,phase:1,pass"
            """);
    assertThat(set.rule(1).transformations())
        .map(Transformation::name)
        .containsExactly("lowercase", "urlDecode");
    assertThat(set.rule(1).disruptive()).isEqualTo(Disruptive.DENY);
    assertThat(set.rule(1).status()).isEqualTo(403);
    assertThat(set.rule(2).transformations())
        .map(Transformation::name)
        .containsExactly("urlDecode");
    assertThat(set.rule(3).disruptive()).isEqualTo(Disruptive.PASS);
    assertThat(set.rule(4).disruptive()).isEqualTo(Disruptive.PASS);
  }

  @Test
  void removesAndUpdatesRulesDefinedBefore() {
    RuleSet set =
        load(
            """
            SecRule ARGS "@rx a" "id:1,tag:'attack-sqli',msg:'first'"
            SecRule ARGS "@rx b" "id:2,tag:'attack-xss'"
            SecRule ARGS "@rx c" "id:3,msg:'remove me please'"
            SecRule ARGS "@rx d" "id:4,pass"
            SecRule ARGS "@rx e" "id:5"
            SecRuleRemoveByTag "attack-xss"
            SecRuleRemoveByMsg "remove me"
            SecRuleRemoveById 5 100-200
            SecRuleUpdateTargetById 1 "!ARGS:password|REQUEST_HEADERS"
            SecRuleUpdateTargetById 4 "ARGS_NAMES" "ARGS"
            SecRuleUpdateActionById 4 "deny,status:401,msg:'updated'"
            """);
    assertThat(set.ruleCount()).isEqualTo(2);
    assertThat(set.rule(1).targets())
        .map(Object::toString)
        .containsExactly("ARGS", "REQUEST_HEADERS");
    assertThat(set.rule(1).exclusions()).map(Object::toString).containsExactly("!ARGS:password");
    Rule four = set.rule(4);
    assertThat(four.targets()).map(Object::toString).containsExactly("ARGS_NAMES");
    assertThat(four.disruptive()).isEqualTo(Disruptive.DENY);
    assertThat(four.status()).isEqualTo(401);
    assertThat(four.meta().msgSource()).isEqualTo("updated");
  }

  @Test
  void readsEngineDirectivesAndListsIgnoredOnesOnce() {
    RuleSet set =
        load(
            """
            SecRuleEngine DetectionOnly
            SecRequestBodyAccess On
            SecRequestBodyLimit 13107200
            SecRequestBodyNoFilesLimit 131072
            SecRequestBodyLimitAction ProcessPartial
            SecRequestBodyJsonDepthLimit 512
            SecArgumentsLimit 1000
            SecResponseBodyAccess On
            SecAuditEngine RelevantOnly
            SecAuditLog /var/log/audit.log
            SecAuditEngine Off
            SecDataDir /tmp
            """);
    assertThat(set.settings().ruleEngine()).isEqualTo(RuleEngineMode.DETECTION_ONLY);
    assertThat(set.settings().requestBodyAccess()).isTrue();
    assertThat(set.settings().requestBodyLimit()).isEqualTo(13107200);
    assertThat(set.settings().requestBodyNoFilesLimit()).isEqualTo(131072);
    assertThat(set.settings().rejectOverLimit()).isFalse();
    assertThat(set.settings().jsonDepthLimit()).isEqualTo(512);
    assertThat(set.ignoredDirectives())
        .containsExactly("SecResponseBodyAccess", "SecAuditEngine", "SecAuditLog", "SecDataDir");
  }

  @Test
  void includesGlobsRelativeToTheIncludingFileInNameOrder() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("conf/rules"));
    Files.writeString(sub.resolve("b.conf"), "SecAction \"id:2,phase:1,pass\"\n");
    Files.writeString(sub.resolve("a.conf"), "SecAction \"id:1,phase:1,pass\"\n");
    Files.writeString(sub.resolve("c.txt"), "nonsense\n");
    Path main = dir.resolve("conf/main.conf");
    Files.writeString(main, "Include rules/*.conf\nSecMarker END\n");
    RuleSet set = new SecLangLoader(StandIns.factories()).load(List.of(main));
    assertThat(set.phase(1))
        .map(r -> r.isMarker() ? r.marker() : Long.toString(r.id()))
        .containsExactly("1", "2", "END");
    assertThat(set.phase(3)).map(Rule::marker).containsExactly("END");
  }

  @Test
  void readsSetvarAndCtlForms() {
    RuleSet set =
        load(
            """
            SecAction "id:1,setvar:tx.a=1,setvar:'tx.b=+%{tx.a}',setvar:tx.c=-2,setvar:!tx.d,setvar:tx.e,\\
              ctl:ruleRemoveTargetById=942100;ARGS:pwd,ctl:ruleEngine=Off,ctl:requestBodyProcessor=JSON"
            """);
    List<?> effects = set.rule(1).effects();
    assertThat(effects).hasSize(8);
    assertThat(((SetVar) effects.get(1)).op()).isEqualTo(SetVar.Op.ADD);
    assertThat(((SetVar) effects.get(2)).op()).isEqualTo(SetVar.Op.SUBTRACT);
    assertThat(((SetVar) effects.get(3)).op()).isEqualTo(SetVar.Op.DELETE);
    assertThat(((SetVar) effects.get(4)).value().source()).isEqualTo("1");
    Ctl.RemoveTargetById target = (Ctl.RemoveTargetById) effects.get(5);
    assertThat(target.ids().contains(942100)).isTrue();
    assertThat(target.targets()).map(Object::toString).containsExactly("ARGS:pwd");
    assertThat(effects.get(7)).isEqualTo(new Ctl.RequestBodyProcessor("JSON"));
  }

  @Test
  void failsWithFileAndLineForUnknownOrBrokenInput() {
    assertError("\nSecFooBar On\n", "test.conf:2: unknown directive SecFooBar");
    assertError(
        "SecRule ARGS \"@rx x\" \"id:1,frobnicate\"", "test.conf:1: unknown action: frobnicate");
    assertError("SecRule NOPE \"@rx x\" \"id:1\"", "test.conf:1: unknown variable: NOPE");
    assertError("SecRule ARGS \"@rx x\" \"phase:2\"", "test.conf:1: rule has no id");
    assertError("SecAction \"id:1\"\nSecAction \"id:1\"", "test.conf:2: duplicate rule id 1");
    assertError("SecRule ARGS \"@rx x\" \"id:1,chain\"", "test.conf:1: the last rule of a chain");
    assertError("SecRule ARGS \"@rx x\" \"id:1,ctl:nope=1\"", "test.conf:1: unknown ctl: nope");
    assertError("SecRule ARGS \"@rx x", "test.conf:1: missing closing \" quote");
    assertError("SecRule REQUEST_URI:x \"@rx x\" \"id:1\"", "takes no selector");
    assertError("Include missing/*.conf", "test.conf:1: Include matches no file");
  }

  private void assertError(String text, String message) {
    assertThatThrownBy(() -> load(text))
        .isInstanceOf(SecLangSyntaxException.class)
        .hasMessageContaining(message);
  }
}
