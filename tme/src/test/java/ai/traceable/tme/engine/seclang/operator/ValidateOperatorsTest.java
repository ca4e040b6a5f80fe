package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ValidateByteRange}, {@link ValidateUrlEncoding}, {@link ValidateUtf8Encoding}: each is
 * true when the value is invalid. Octal escapes stand for bytes.
 */
class ValidateOperatorsTest {

  @ParameterizedTest(name = "@validateByteRange {0} on {1} = {2}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "32-126 ~> hello world ~> false",
        "32-126 ~> tab\there ~> true",
        "9,10,13,32-126 ~> tab\there ~> false",
        "1-255 ~> a\u0000b ~> true",
        "38,44-46,48-58,61,65-90,95,97-122 ~> a=b&c ~> false",
        "38,44-46,48-58,61,65-90,95,97-122 ~> a=b&c<x ~> true",
        "0-127 ~> caf\u00e9 ~> true",
      })
  void flagsBytesOutsideTheRange(String ranges, String value, boolean expected) {
    assertThat(TestContext.run("validateByteRange", ranges, value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"300", "a-b", "20-10", "-1"})
  void rejectsMalformedRanges(String ranges) {
    assertThatThrownBy(() -> Operators.create("validateByteRange", ranges, n -> null))
        .hasMessageStartingWith("@validateByteRange:");
  }

  @ParameterizedTest(name = "@validateUrlEncoding on {0} = {1}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "a%20b ~> false",
        "100% ~> true",
        "%4 ~> true",
        "%zz ~> true",
        "%41 ~> false",
        "%4g ~> true",
        "plain ~> false",
        "%41%%42 ~> true",
      })
  void flagsInvalidPercentEncoding(String value, boolean expected) {
    assertThat(TestContext.run("validateUrlEncoding", "", value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "@validateUtf8Encoding on {0} = {1}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "ascii ~> false",
        "caf\u00c3\u00a9 ~> false",
        "\u00e2\u0082\u00ac ~> false",
        "\u00f0\u009f\u0098\u0080 ~> false",
        "caf\u00e9 ~> true",
        "\u00c3 ~> true",
        "\u00c3A ~> true",
        "\u0080 ~> true",
        "\u00c0\u0080 ~> true",
        "\u00e0\u0080\u0080 ~> true",
        "\u00ed\u00a0\u0080 ~> true",
        "\u00f4\u0090\u0080\u0080 ~> true",
        "\u00f8\u0088\u0080\u0080\u0080 ~> true",
      })
  void flagsInvalidUtf8(String value, boolean expected) {
    assertThat(TestContext.run("validateUtf8Encoding", "", value)).isEqualTo(expected);
  }
}
