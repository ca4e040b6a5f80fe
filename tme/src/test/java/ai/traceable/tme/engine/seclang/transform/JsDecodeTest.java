package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link JsDecode}: jsDecode. {@link TransformVectors} says where the vectors come from. */
class JsDecodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("jsDecode", "\\u0041\\x42\\103", "ABC"),
        v("jsDecode", "\\uFF21\\u00e9", "A\351"),
        v(
            "jsDecode",
            "\\a\\b\\f\\n\\r\\t\\v\\\\'\\\"\\?\\z",
            "\007\010\014\012\015\011\013\\'\"?z"),
        v("jsDecode", "\\", "\\"),
        v("jsDecode", "a\\", "a\\"),
        v("jsDecode", "\\u12\\x4\\8", "u12x48"),
        v("jsDecode", "\\477\\377\\1234", "'7\377S4"),
        v("jsDecode", "\\0\\00\\000\\0000", "\000\000\000\0000"),
        v("jsDecode", "\\x\\u", "xu"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void decodesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
