package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ByteRegex}: PCRE's meaning under ModSecurity's options (DOTALL, DOLLAR_ENDONLY, no UTF,
 * C-locale tables) on byte strings. Octal escapes in the values stand for bytes.
 */
class ByteRegexTest {

  @ParameterizedTest(name = "/{0}/ on \"{1}\" = {2}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        // a dot matches every byte (newline: see below)
        "a.b ~> a\u00ffb ~> true",
        // $ is the very end only (DOLLAR_ENDONLY), unless (?m): see below
        "abc$ ~> abc ~> true",
        // (?i) folds ASCII letters only: bytes C9 and E9 (É, é) stay distinct
        "(?i)select ~> SeLeCt ~> true",
        "(?i)\\xe9 ~> \u00c9 ~> false",
        "(?i)[\\xe0-\\xff] ~> \u00c9 ~> false",
        "(?i)[^a] ~> A ~> false",
        // \\xNN and \\x{NN} are bytes; UTF-8 in a pattern is its bytes
        "\\xac\\xed\\x00\\x05 ~> x\u00ac\u00ed\u0000\u0005y ~> true",
        "\\x{c2}\\x{b4} ~> \u00c2\u00b4 ~> true",
        "\\x{c2}\\x{b4} ~> \u00b4 ~> false",
        // \\s is PCRE2's: VT included; \\w and \\d are ASCII
        "a\\sb ~> a\u000bb ~> true",
        "a\\sb ~> a\u00a0b ~> false",
        "\\w ~> \u00e9 ~> false",
        "[^\\w] ~> \u00e9 ~> true",
        "\\bcat\\b ~> a cat! ~> true",
        "\\bcat\\b ~> concat ~> false",
        // negated classes match high bytes
        "[^a-z] ~> \u0080 ~> true",
        "[[:alpha:]]+x ~> \u00e9x ~> false",
        "[[:punct:]] ~> ~ ~> true",
        // a brace that is not a count is a literal
        "a{ ~> a{ ~> true",
        "{foo} ~> x{foo} ~> true",
        "a{2} ~> aa ~> true",
        "a{2,}b ~> aab ~> true",
        "\\Q.*\\E ~> a.* ~> true",
        "\\Q.*\\E ~> ab ~> false",
        // lazy and counted repeats
        "<.*?> ~> <a>b> ~> true",
        "(?:ab){3} ~> ababab ~> true",
        "(?:ab){3} ~> abab ~> false",
      })
  void matchesWithPcreByteSemantics(String pattern, String value, boolean expected) {
    ByteRegex re = ByteRegex.compile(pattern);
    assertThat(re.find(value)).isEqualTo(expected);
    assertThat(!expected || re.admits(value)).as("the prefilter admits a match").isTrue();
  }

  @Test
  void treatsNewlinesAsModSecuritysPcreOptionsDo() {
    assertThat(ByteRegex.compile("a.b").find("a\nb")).as("DOTALL").isTrue();
    assertThat(ByteRegex.compile("(?-s)a.b").find("a\nb")).isFalse();
    assertThat(ByteRegex.compile("abc$").find("abc\n")).as("DOLLAR_ENDONLY").isFalse();
    assertThat(ByteRegex.compile("(?m)abc$").find("abc\nx")).isTrue();
    assertThat(ByteRegex.compile("^x").find("a\nx")).isFalse();
    assertThat(ByteRegex.compile("(?m)^x").find("a\nx")).isTrue();
  }

  @Test
  void reportsCapturesByPcreGroupNumbers() {
    ByteRegex re = ByteRegex.compile("(?:x)(a+)(?P<name>b)?(c)|(z)");
    List<String> captured = new ArrayList<>();
    assertThat(re.findCapturing("xaac", recorder(captured))).isTrue();
    assertThat(captured).containsExactly("0=xaac", "1=aa", "2=", "3=c");
  }

  @Test
  void stopsCapturesAtNine() {
    ByteRegex re = ByteRegex.compile("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)");
    List<String> captured = new ArrayList<>();
    re.findCapturing("abcdefghij", recorder(captured));
    assertThat(captured).hasSize(10).endsWith("9=i");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "(a)\\1 ~> back references",
        "a(?=b) ~> unsupported group (?=",
        "(?<!a)b ~> unsupported group (?<",
        "(?>a) ~> unsupported group (?>",
        "a++ ~> possessive",
        "(?|a) ~> unsupported group (?|",
        "(a ~> missing )",
        "a) ~> unmatched )",
        "[a ~> missing ]",
        "*a ~> does not follow",
        "\\p{L} ~> unsupported escape \\p",
        "[z-a] ~> range out of order",
      })
  void rejectsWhatNeedsBacktrackingOrIsInvalid(String pattern, String reason) {
    assertThatThrownBy(() -> ByteRegex.compile(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  static MatchContext recorder(List<String> captured) {
    return new MatchContext() {
      @Override
      public String expand(String textWithMacros) {
        return textWithMacros;
      }

      @Override
      public void capture(int index, String value) {
        captured.add(index + "=" + value);
      }

      @Override
      public boolean capturing() {
        return true;
      }
    };
  }
}
