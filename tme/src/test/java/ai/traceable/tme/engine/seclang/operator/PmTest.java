package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Pm}: @pm and @pmFromFile. */
class PmTest {

  @ParameterizedTest(name = "@pm {0} on {1} = {2}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "select union insert ~> 1 UNION 2 ~> true",
        "select union insert ~> unified ~> false",
        "'\"wget curl\"' ~> x curl y ~> true",
        "|41 42|c ~> xABcx ~> true",
        "|41 42|c ~> xA Bc ~> false",
        "a\\;b ~> xa;bx ~> true",
        "\u00e9t\u00e9 ~> l\u00c9T\u00c9 ~> false",
        "\u00e9t\u00e9 ~> l\u00e9t\u00e9 ~> true",
      })
  void findsAnyPhraseIgnoringAsciiCase(String argument, String value, boolean expected) {
    assertThat(TestContext.run("pm", argument, value)).isEqualTo(expected);
  }

  @Test
  void capturesTheMatchedTextAsTx0() {
    TestContext ctx = TestContext.recording();
    assertThat(Operators.create("pm", "passwd shadow", n -> null).matches("/etc/PassWD", ctx))
        .isTrue();
    assertThat(ctx.captured).containsExactly(Map.entry(0, "PassWD"));
  }

  @Test
  void readsPhrasesFromFilesRelativeToTheRuleFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.data"), "# comment\n\n  /etc/passwd  \r\n.htaccess\n");
    Files.write(dir.resolve("b.data"), "c\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    OperatorResources resources = FileResources.in(dir);
    Prefiltered pmf = (Prefiltered) Operators.create("pmFromFile", "a.data b.data", resources);
    assertThat(pmf.requiredLiterals()).containsExactly("/etc/passwd", ".htaccess", "c\u00e9");
    assertThat(pmf.matches("GET /.HTACCESS", TestContext.plain())).isTrue();
    assertThat(pmf.matches("c\u00e9", TestContext.plain())).isTrue();
    assertThat(pmf.matches("# comment", TestContext.plain())).isFalse();
    assertThat(Operators.create("pmf", "a.data", resources).matches("/etc/passwd", null)).isTrue();
  }

  @Test
  void failsWithTheFileWhenItCannotBeRead(@TempDir Path dir) {
    assertThatThrownBy(() -> Operators.create("pmFromFile", "missing.data", FileResources.in(dir)))
        .hasMessageStartingWith("@pmFromFile: cannot read")
        .hasMessageContaining("missing.data");
  }

  @Test
  void rejectsAnEmptyPhraseList() {
    assertThatThrownBy(() -> Operators.create("pm", "  ", n -> null))
        .hasMessageContaining("at least one phrase");
  }
}
