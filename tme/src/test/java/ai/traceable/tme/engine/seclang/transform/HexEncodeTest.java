package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HexEncode}: hexEncode. {@link TransformVectors} says where the vectors come from. */
class HexEncodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(v("hexEncode", "A\000\377", "4100ff"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void encodesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
