package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Rx}; the regex semantics themselves are in {@link ByteRegexTest}. */
class RxTest {

  @ParameterizedTest(name = "@rx {0} on {1} = {2}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "(?i)union\\s+select ~> 1 UNION  SELECT 2 ~> true",
        "(?i)union\\s+select ~> union of selected ~> false",
        "^\\d+$ ~> 12345 ~> true",
        "^\\d+$ ~> 123a ~> false",
        "(?:^|[^a-z])on[a-z]+\\s*= ~> x onload = 1 ~> true",
        "'' ~> anything ~> true",
      })
  void findsThePatternAnywhere(String pattern, String value, boolean expected) {
    assertThat(TestContext.run("rx", pattern, value)).isEqualTo(expected);
  }

  @Test
  void capturesTheMatchAndGroupsWhenAsked() {
    TestContext ctx = TestContext.recording();
    Operator rx = Operators.create("rx", "(\\d+)-(\\d+)", name -> null);
    assertThat(rx.matches("bytes=10-20", ctx)).isTrue();
    assertThat(ctx.captured)
        .containsExactly(Map.entry(0, "10-20"), Map.entry(1, "10"), Map.entry(2, "20"));
  }

  @Test
  void exposesRequiredLiteralsAndSkipsValuesWithoutThem() {
    Prefiltered rx = (Prefiltered) Operators.create("rx", "(?i)<script[^>]*>", name -> null);
    assertThat(rx.requiredLiterals()).containsExactly("<script");
    assertThat(rx.matches("<SCRIPT src=x>", TestContext.plain())).isTrue();
    assertThat(rx.matchesPrefiltered("<SCRIPT src=x>", TestContext.plain())).isTrue();
    assertThat(rx.matches("<b>", TestContext.plain())).isFalse();
  }

  @Test
  void expandsMacrosPerEvaluationAndHasNoLiteralsThen() {
    TestContext ctx = new TestContext(Map.of("tx.allowed", "get|post"), false);
    Prefiltered rx = (Prefiltered) Operators.create("rx", "^(?:%{tx.allowed})$", name -> null);
    assertThat(rx.requiredLiterals()).isEmpty();
    assertThat(rx.matches("post", ctx)).isTrue();
    assertThat(rx.matches("put", ctx)).isFalse();
    assertThat(ctx.expansions).isEqualTo(2);
    TestContext broken = new TestContext(Map.of("tx.allowed", "(unclosed"), false);
    assertThat(rx.matches("x", broken)).isFalse();
  }

  @Test
  void doesNotExpandArgumentsWithoutMacros() {
    TestContext ctx = TestContext.plain();
    Operators.create("rx", "a%b", name -> null).matches("a%b", ctx);
    assertThat(ctx.expansions).isZero();
  }

  @Test
  void namesTheOperatorAndReasonWhenThePatternIsRejected() {
    assertThatThrownBy(() -> Operators.create("rx", "(a)\\1", name -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("@rx: ")
        .hasMessageContaining("back references");
  }
}
