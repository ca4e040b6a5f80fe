package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link StringCompare}: streq, contains, containsWord, beginsWith, endsWith, within. */
class StringCompareTest {

  @ParameterizedTest(name = "@{0} {1} on {2} = {3}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "streq ~> GET ~> GET ~> true",
        "streq ~> GET ~> get ~> false",
        "streq ~> GET ~> GETX ~> false",
        "streq ~> '' ~> '' ~> true",
        "contains ~> php ~> index.php?x ~> true",
        "contains ~> php ~> index.PHP ~> false",
        "contains ~> '' ~> anything ~> true",
        "containsWord ~> cat ~> the cat sat ~> true",
        "containsWord ~> cat ~> concatenate ~> false",
        "containsWord ~> cat ~> cat_x cat ~> true",
        "containsWord ~> cat ~> cat_x ~> false",
        "containsWord ~> cat ~> cat ~> true",
        "containsWord ~> cat ~> (cat) ~> true",
        "beginsWith ~> /admin ~> /admin/x ~> true",
        "beginsWith ~> /admin ~> /x/admin ~> false",
        "beginsWith ~> '' ~> x ~> true",
        "endsWith ~> .bak ~> file.bak ~> true",
        "endsWith ~> .bak ~> file.bak~ ~> false",
        "within ~> GET HEAD POST ~> POST ~> true",
        "within ~> GET HEAD POST ~> PUT ~> false",
        "within ~> GET HEAD POST ~> '' ~> true",
        "within ~> GET ~> GET HEAD ~> false",
      })
  void comparesBytesAsModSecurityDoes(String op, String arg, String value, boolean expected) {
    assertThat(TestContext.run(op, arg, value)).isEqualTo(expected);
  }

  @Test
  void expandsMacrosInTheArgument() {
    TestContext ctx = new TestContext(Map.of("tx.allowed_methods", "GET HEAD POST"), false);
    Operator within = Operators.create("within", "%{tx.allowed_methods}", n -> null);
    assertThat(within.matches("HEAD", ctx)).isTrue();
    assertThat(within.matches("DELETE", ctx)).isFalse();
    Prefiltered contains = (Prefiltered) Operators.create("contains", "%{tx.x}", n -> null);
    assertThat(contains.requiredLiterals()).isEmpty();
  }

  @Test
  void offersTheConstantArgumentAsPrefilterLiteral() {
    Prefiltered contains = (Prefiltered) Operators.create("contains", "PHP", n -> null);
    assertThat(contains.requiredLiterals()).containsExactly("php");
    Prefiltered within = (Prefiltered) Operators.create("within", "GET POST", n -> null);
    assertThat(within.requiredLiterals()).isEmpty();
  }
}
