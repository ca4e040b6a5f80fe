package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link DetectSqli} and {@link DetectXss}: tme's detectors behind @detectSQLi / @detectXSS. */
class DetectOperatorsTest {

  @ParameterizedTest(name = "@{0} on {1} = {2}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "detectSQLi ~> 1' or '1'='1 ~> true",
        "detectSQLi ~> 1 union select password from users ~> true",
        "detectSQLi ~> 1; drop table users-- ~> true",
        "detectSQLi ~> o'brien ~> false",
        "detectSQLi ~> select a size from the menu ~> false",
        "detectSQLi ~> 42 ~> false",
        "detectXSS ~> <script>alert(1)</script> ~> true",
        "detectXSS ~> <img src=x onerror=alert(1)> ~> true",
        "detectXSS ~> javascript:alert(document.cookie) ~> true",
        "detectXSS ~> 3 < 5 and 6 > 4 ~> false",
        "detectXSS ~> hello world ~> false",
      })
  void matchesWhatTheDetectorsCallDecisive(String op, String value, boolean expected) {
    assertThat(TestContext.run(op, "", value)).isEqualTo(expected);
  }

  @Test
  void capturesTheDetectorRuleId() {
    TestContext ctx = TestContext.recording();
    assertThat(Operators.create("detectSQLi", "", n -> null).matches("1' or '1'='1", ctx)).isTrue();
    assertThat(ctx.captured.get(0)).startsWith("sqli-");
    TestContext xss = TestContext.recording();
    assertThat(
            Operators.create("detectXSS", "", n -> null).matches("<script>alert(1)</script>", xss))
        .isTrue();
    assertThat(xss.captured.get(0)).startsWith("xss-");
  }
}
