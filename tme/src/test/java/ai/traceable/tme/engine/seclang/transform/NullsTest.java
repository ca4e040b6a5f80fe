package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Nulls}: removeNulls, replaceNulls. {@link TransformVectors} says where the vectors come
 * from.
 */
class NullsTest {

  static Stream<Arguments> vectors() {
    return Stream.of(v("removeNulls", "a\000b\000", "ab"), v("replaceNulls", "a\000b\000", "a b "));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void handlesNulsAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
