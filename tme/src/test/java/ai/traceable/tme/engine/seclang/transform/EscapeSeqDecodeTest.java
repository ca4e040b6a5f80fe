package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EscapeSeqDecode}: escapeSeqDecode. {@link TransformVectors} says where the vectors come
 * from.
 */
class EscapeSeqDecodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v(
            "escapeSeqDecode",
            "\\a\\b\\f\\n\\r\\t\\v\\\\?\\'\\\"",
            "\007\010\014\012\015\011\013\\?'\""),
        v("escapeSeqDecode", "\\x41\\X42\\x4\\xzz", "ABx4xzz"),
        v("escapeSeqDecode", "\\101\\1\\12\\777\\8\\z", "A\001\012\3778z"),
        v("escapeSeqDecode", "a\\", "a\\"),
        v("escapeSeqDecode", "\\", "\\"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void decodesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
