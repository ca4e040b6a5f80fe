package ai.traceable.tme.engine.detect.cmdi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "c'a't /etc/passwd|cat /etc/passwd",
        "c\"a\"t /etc/passwd|cat /etc/passwd",
        "c\\at /etc/passwd|cat /etc/passwd",
        "w^h^o^a^m^i|whoami",
        "ca$@t x|cat x",
        "who``ami|whoami",
        "wh$()oami|whoami",
        "ca$1t x|cat x",
        "cat$IFS/etc/passwd|cat /etc/passwd",
        "cat${IFS}/etc/passwd|cat /etc/passwd",
        "cat$IFS$9/etc/passwd|cat /etc/passwd",
        "{cat,/etc/passwd}|~ cat /etc/passwd ~",
        "a\tb|a b",
        "plain text|plain text",
        "C:\\Users|C:\\Users",
        "x \\; y|x \\; y",
        "price $10|price 0",
      })
  void normalises(String input, String expected) {
    assertThat(ShellNormalizer.normalize(input).text()).isEqualTo(expected);
  }

  @Test
  void remembersIfsAndBraceExpansion() {
    assertThat(ShellNormalizer.normalize("a$IFS/b").usedIfs()).isTrue();
    assertThat(ShellNormalizer.normalize("a b").usedIfs()).isFalse();
    assertThat(ShellNormalizer.normalize("{ls,-la}").usedBraceExpansion()).isTrue();
    assertThat(ShellNormalizer.normalize("{a b}").usedBraceExpansion()).isFalse();
  }

  @Test
  void tellsGluedWordsFromContractions() {
    ShellNormalizer.Result glued = ShellNormalizer.normalize("c'a't");
    assertThat(glued.glue(0, 3)).isEqualTo(ShellNormalizer.GLUED);
    ShellNormalizer.Result contraction = ShellNormalizer.normalize("i'd");
    assertThat(contraction.glue(0, 2)).isEqualTo(ShellNormalizer.CONTRACTION);
    ShellNormalizer.Result quoted = ShellNormalizer.normalize("'id'");
    assertThat(quoted.glue(0, 2)).isEqualTo(ShellNormalizer.PLAIN);
    ShellNormalizer.Result backslash = ShellNormalizer.normalize("i\\d");
    assertThat(backslash.glue(0, 2)).isEqualTo(ShellNormalizer.GLUED);
  }

  @Test
  void unchangedTextIsReturnedAsIs() {
    String s = "nothing special here";
    assertThat(ShellNormalizer.normalize(s).text()).isSameAs(s);
    assertThat(ShellNormalizer.normalize("").text()).isEmpty();
  }

  @Test
  void braceLookAheadIsLinear() {
    String s = "{" + "a".repeat(200_000) + "{" + "b,".repeat(100_000);
    long t0 = System.nanoTime();
    String out = ShellNormalizer.normalize(s).text();
    assertThat(out).hasSize(s.length());
    assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
  }
}
