package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleTableTest {

  @Test
  void keepsTheOrderOfDeclarationAndFindsRulesByIdentity() {
    RuleTable.Builder rules = RuleTable.builder(AttackClass.XXE);
    DetectionRule second = rules.add("xxe-200", Severity.ERROR, 2, "second");
    DetectionRule first = rules.add("xxe-100", Severity.CRITICAL, 1, "first");
    RuleTable table = rules.build();

    assertThat(table.rules()).containsExactly(second, first);
    assertThat(table.attackClass()).isEqualTo(AttackClass.XXE);
    assertThat(table.indexOf(first)).isEqualTo(1);
    assertThat(table.bit(first)).isEqualTo(2L);
    DetectionRule lookalike =
        new DetectionRule("xxe-100", AttackClass.XXE, Severity.CRITICAL, 1, "first");
    assertThat(table.indexOf(lookalike)).isEqualTo(-1);
    assertThatThrownBy(() -> table.bit(lookalike)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqli-100", "xxe-10", "xxe-1000", "xxe_100", "XXE-100", "xxe-10a"})
  void refusesIdsNotShapedClassDashThreeDigits(String id) {
    RuleTable.Builder rules = RuleTable.builder(AttackClass.XXE);
    assertThatThrownBy(() -> rules.add(id, Severity.ERROR, 1, "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(id);
  }

  @Test
  void refusesDuplicateIdsMultiLineDescriptionsAndMoreRulesThanABitSetHolds() {
    RuleTable.Builder rules = RuleTable.builder(AttackClass.CRLF);
    rules.add("crlf-100", Severity.ERROR, 1, "d");
    assertThatThrownBy(() -> rules.add("crlf-100", Severity.ERROR, 1, "d"))
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> rules.add("crlf-101", Severity.ERROR, 1, "two\nlines"))
        .hasMessageContaining("one-line");
    assertThatThrownBy(() -> rules.add("crlf-102", Severity.ERROR, 1, " "))
        .hasMessageContaining("one-line");
    for (int i = 1; i < RuleTable.MAX_RULES; i++) {
      rules.add("crlf-" + (200 + i), Severity.NOTICE, 3, "d");
    }
    assertThatThrownBy(() -> rules.add("crlf-999", Severity.ERROR, 1, "d"))
        .hasMessageContaining("more than 64");
  }

  @Test
  void aTableNeedsRulesAndIsBuiltOnce() {
    assertThatThrownBy(() -> RuleTable.builder(AttackClass.SSRF).build())
        .isInstanceOf(IllegalStateException.class);
    RuleTable.Builder rules = RuleTable.builder(AttackClass.SSRF);
    rules.add("ssrf-100", Severity.CRITICAL, 1, "d");
    rules.build();
    assertThatThrownBy(() -> rules.add("ssrf-101", Severity.CRITICAL, 1, "d"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void foundRulesKeepTheFirstSnippetAndReportInTableOrder() {
    RuleTable.Builder rules = RuleTable.builder(AttackClass.CRLF);
    DetectionRule strong = rules.add("crlf-100", Severity.CRITICAL, 1, "strong");
    DetectionRule error = rules.add("crlf-120", Severity.ERROR, 1, "error");
    DetectionRule weak = rules.add("crlf-130", Severity.WARNING, 2, "weak");
    RuleTable table = rules.build();
    FoundRules found = new FoundRules(table);
    found.record(weak, "abc", 0);
    found.record(error, "first", 0);
    assertThat(found.critical()).isFalse();
    found.record(error, "second", 0);
    found.record(strong, "xyz", 1);
    assertThat(found.critical()).isTrue();

    StringBuilder all = new StringBuilder();
    found.report((r, s) -> all.append(r.id()).append('=').append(s).append(' '));
    assertThat(all).hasToString("crlf-100=xyz crlf-120=first crlf-130=abc ");
    StringBuilder one = new StringBuilder();
    found.reportOneAtParanoiaOne((r, s) -> one.append(r.id()).append(' '));
    assertThat(one).hasToString("crlf-100 crlf-130 ");
  }
}
