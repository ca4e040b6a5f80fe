package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Trim}: trim, trimLeft, trimRight. {@link TransformVectors} says where the vectors come
 * from.
 */
class TrimTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("trim", " \011 a b \013\014\015\012", "a b"),
        v("trim", "\240a\240", "\240a\240"),
        v("trimLeft", "  a  ", "a  "),
        v("trimRight", "  a  ", "  a"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void trimsAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
