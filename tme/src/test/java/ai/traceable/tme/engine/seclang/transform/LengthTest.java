package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Length}: length. {@link TransformVectors} says where the vectors come from. */
class LengthTest {

  static Stream<Arguments> vectors() {
    return Stream.of(v("length", "", "0"), v("length", "a\000b", "3"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void countsBytes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
