package ai.traceable.tme.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecodingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          %3Cscript%3E                     | <script>
          %253Cscript%253E                 | <script>
          %25253Cscript%25253E             | <script>
          ..%2f..%2fetc%2fpasswd           | ../../etc/passwd
          ..%c0%af..%c0%afetc              | ../../etc
          ..%e0%80%afetc                   | ../etc
          %u003Cscript%u003E               | <script>
          \\u003cscript\\u003e             | <script>
          \\x3cscript\\x3e                 | <script>
          &lt;script&gt;                   | <script>
          &LT;script&GT                    | <script>
          &#60;script&#62;                 | <script>
          &#x3C;script&#x3e;               | <script>
          &#0000060script&#62              | <script>
          java&Tab;script&colon;alert(1)   | java\tscript:alert(1)
          ＜script＞                        | <script>
          ｓｅｌｅｃｔ                        | select
          a%00b                            | ab
          caf%C3%A9                        | café
          plain text                       | plain text
          100%                             | 100%
          %zz%4                            | %zz%4
          Tom &amp; Jerry                  | Tom & Jerry
          AT&T                             | AT&T
          """)
  void decodesEveryLayer(String raw, String expected) {
    assertThat(Decoding.decode(raw, false)).isEqualTo(expected.replace("\\t", "\t"));
  }

  @Test
  void plusIsASpaceOnlyWhereTheSyntaxSaysSo() {
    assertThat(Decoding.decode("a+b%2Bc", true)).isEqualTo("a b+c");
    assertThat(Decoding.decode("a+b", false)).isEqualTo("a+b");
  }

  @Test
  void unchangedInputIsReturnedWithoutCopying() {
    String s = "/api/v1/users/42";
    assertThat(Decoding.decode(s, true)).isSameAs(s);
  }

  @Test
  void invalidUtf8BecomesReplacementCharacters() {
    assertThat(Decoding.decode("%ff%fe", false)).isEqualTo("\ufffd\ufffd");
  }

  @Test
  void decodingStopsAfterABoundedNumberOfPasses() {
    String deep = "%3C";
    for (int i = 0; i < 10; i++) {
      deep = deep.replace("%", "%25");
    }
    String decoded = Decoding.decode(deep, false);
    assertThat(decoded).startsWith("%").isNotEqualTo("<");
  }

  @Test
  void base64TextIsRecognisedOnlyWhenItLooksEncodedAndDecodesToText() {
    assertThat(Decoding.base64Text("JyBPUiAnMSc9JzEnIC0t")).isEqualTo("' OR '1'='1' --");
    assertThat(Decoding.base64Text("PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="))
        .isEqualTo("<script>alert(1)</script>");
    assertThat(Decoding.base64Text("short")).isNull();
    assertThat(Decoding.base64Text("this is plain text, not base64")).isNull();
    assertThat(Decoding.base64Text("3q2+7wAAAAAAAAAAAAAAAAAAAAA=")).isNull(); // binary
    assertThat(Decoding.base64Text("9b2f6f0e-3c4d-4e1a-9f7b-2a1c3d4e5f60")).isNull();
  }

  @Test
  void randomAndHostileInputNeverThrows() {
    Random random = new Random(42);
    String alphabet = "%&#;\\xuU0123456789abcdefABCDEF<>/.+ \u0000\uff1c\ud800";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      int n = random.nextInt(40);
      for (int j = 0; j < n; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String input = s.toString();
      assertThatCode(() -> Decoding.decode(input, random.nextBoolean())).doesNotThrowAnyException();
      assertThatCode(() -> Decoding.base64Text(input)).doesNotThrowAnyException();
    }
  }

  @Test
  void longInputsDecodeInOnePassPerLayer() {
    String big = "%2541".repeat(200_000);
    assertThat(Decoding.decode(big, false)).isEqualTo("A".repeat(200_000));
  }
}
