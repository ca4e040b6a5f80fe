package ai.traceable.tme.engine.policy.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegexLiteralTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "null",
      delimiter = '|',
      textBlock =
          """
          sqlmap                  | sqlmap
          (?i)^curl/[0-9]+        | curl/
          ^/api/v[0-9]+/export\\b | /export
          abc?def                 | def
          abcd*ef                 | abc
          ab+cdef                 | cdef
          x{2}yzw                 | yzw
          foo\\.bar               | foo.bar
          (abc)+xy                | null
          [abc]xyz                | xyz
          [^]x]qrs                | qrs
          (?s)abcdef              | null
          \\x41BCD                | null
          \\d+probe               | probe
          .*                      | null
          """)
  void requiredLiteralIsOnlyWhatEveryMatchContains(String pattern, String literal) {
    RegexLiteral.Required r = RegexLiteral.of(pattern, false);
    assertThat(r == null ? null : r.literal()).isEqualTo(literal);
  }

  @Test
  void alternationHasNoRequiredLiteral() {
    assertThat(RegexLiteral.of("abcdef|x", false)).isNull();
  }

  @Test
  void prefilterNeverRejectsAValueTheRegexMatches() {
    List<String> patterns =
        List.of(
            "(?i)sqlmap",
            "ab+cdef",
            "x{2}yzw",
            "foo\\.bar",
            "[abc]xyz",
            "\\d+probe",
            "^/api/v[0-9]+/x",
            "abc?def",
            "(?i)K-Probe");
    List<String> values =
        List.of(
            "SQLMAP/1.0",
            "abbbcdef",
            "xxyzw",
            "foo.bar",
            "bxyz",
            "12probe",
            "/api/v2/x",
            "abdef",
            "abcdef",
            "\u212A-PROBE",
            "nothing",
            "");
    for (String p : patterns) {
      RegexLiteral.Required r = RegexLiteral.of(p, false);
      Pattern compiled = Pattern.compile(p);
      for (String v : values) {
        if (compiled.matcher(v).find()) {
          assertThat(r == null || r.foundIn(v)).as(p + " on " + v).isTrue();
        }
      }
    }
  }
}
