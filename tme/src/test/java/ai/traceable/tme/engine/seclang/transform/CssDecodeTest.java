package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CssDecode}: cssDecode. {@link TransformVectors} says where the vectors come from. */
class CssDecodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("cssDecode", "\\41\\42 \\43", "ABC"),
        v("cssDecode", "\\000041\\0041x", "AAx"),
        v("cssDecode", "\\ff21\\FF41", "Aa"),
        v("cssDecode", "\\1\\12\\123\\1234\\12345\\123456\\1234567", "\001\022#4EVV7"),
        v("cssDecode", "a\\", "a"),
        v("cssDecode", "\\", ""),
        v("cssDecode", "a\\\012b", "ab"),
        v("cssDecode", "\\g\\\\\"", "g\\\""),
        v("cssDecode", "\\0ff21\\00ff21\\1ff21\\01ff21", "AA!!"),
        v("cssDecode", "\\41\011b", "Ab"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void decodesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
