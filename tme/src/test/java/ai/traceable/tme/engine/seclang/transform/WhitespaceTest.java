package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Whitespace}: removeWhitespace, compressWhitespace. {@link TransformVectors} says where the
 * vectors come from.
 */
class WhitespaceTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("removeWhitespace", " a \011\012\013\014b\015\240c\205", "abc\205"),
        v("compressWhitespace", " a  \011\012 b\240\240c ", " a b c "),
        v("compressWhitespace", "a b", "a b"),
        v("compressWhitespace", "a\011b", "a b"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void handlesWhitespaceAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
