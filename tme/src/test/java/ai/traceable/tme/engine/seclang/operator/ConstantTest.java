package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Constant}: @unconditionalMatch and @noMatch ignore the value. */
class ConstantTest {

  @ParameterizedTest(name = "@{0} on {1} = {2}")
  @CsvSource({
    "unconditionalMatch, anything, true",
    "unconditionalMatch, '', true",
    "noMatch, anything, false",
    "noMatch, '', false",
  })
  void ignoresTheValue(String op, String value, boolean expected) {
    assertThat(TestContext.run(op, "", value)).isEqualTo(expected);
  }
}
