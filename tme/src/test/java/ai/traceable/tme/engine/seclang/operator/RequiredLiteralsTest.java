package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RequiredLiterals}: which literals every match must contain (space-separated, sorted). */
class RequiredLiteralsTest {

  @ParameterizedTest(name = "/{0}/ needs [{1}]")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "union\\s+select ~> union",
        "(?i)UNION ~> union",
        "(?:un|ex)ion ~> exion union",
        "(?i)(?:onload|onerror)\\s*= ~> onerror onload",
        "a[bB]c ~> abc",
        "<script ~> <script",
        "x?yz ~> yz",
        "(?:abc)+d ~> abc",
        "(?:abc)*d ~> d",
        "^\\d+$ ~> ''",
        "a|b ~> a b",
        "abc|def|(?:x)? ~> ''",
        "\\.\\./ ~> ../",
        "(?:a|b)(?:c|d) ~> ac ad bc bd",
        "foo.*bar ~> foo",
        "java\\.lang\\.(?:Runtime|ProcessBuilder) ~> java.lang.processbuilder java.lang.runtime",
        "[a-z]+ ~> ''",
      })
  void findsTheLiteralsEveryMatchNeeds(String pattern, String expected) {
    List<String> literals = RequiredLiterals.of(RegexParser.parse(pattern));
    List<String> want = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" "));
    assertThat(literals).containsExactlyElementsOf(want);
  }
}
