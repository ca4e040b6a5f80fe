package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link NumericCompare}: eq, ge, gt, le, lt with C atoi semantics. */
class NumericCompareTest {

  @ParameterizedTest(name = "{2} @{0} {1} = {3}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "eq ~> 5 ~> 5 ~> true",
        "eq ~> 5 ~> 6 ~> false",
        "eq ~> 0 ~> abc ~> true",
        "eq ~> 0 ~> '' ~> true",
        "eq ~> 12 ~> 12abc ~> true",
        "eq ~> -3 ~> '  -3' ~> true",
        "eq ~> 3 ~> +3 ~> true",
        "eq ~> 0 ~> '- 3' ~> true",
        "eq ~> -1 ~> 99999999999999999999 ~> true",
        "ge ~> 5 ~> 5 ~> true",
        "ge ~> 5 ~> 4 ~> false",
        "gt ~> 5 ~> 6 ~> true",
        "gt ~> 5 ~> 5 ~> false",
        "le ~> 5 ~> 5 ~> true",
        "le ~> 5 ~> 6 ~> false",
        "lt ~> 1 ~> 0 ~> true",
        "lt ~> 1 ~> x ~> true",
        "lt ~> 1 ~> 1 ~> false",
        "gt ~> abc ~> 1 ~> true",
      })
  void comparesAsIntegersReadLikeAtoi(String op, String arg, String value, boolean expected) {
    assertThat(TestContext.run(op, arg, value)).isEqualTo(expected);
  }

  @Test
  void expandsMacrosInTheArgument() {
    TestContext ctx = new TestContext(Map.of("tx.inbound_anomaly_score_threshold", "5"), false);
    Operator ge = Operators.create("ge", "%{tx.inbound_anomaly_score_threshold}", n -> null);
    assertThat(ge.matches("5", ctx)).isTrue();
    assertThat(ge.matches("4", ctx)).isFalse();
  }
}
