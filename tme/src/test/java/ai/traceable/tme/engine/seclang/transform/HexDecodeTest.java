package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HexDecode}: hexDecode. {@link TransformVectors} says where the vectors come from. */
class HexDecodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("hexDecode", "414243", "ABC"),
        v("hexDecode", "4142434", "ABC"),
        v("hexDecode", "zz", "S"),
        v("hexDecode", "4G", "P"),
        v("hexDecode", "", ""));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void decodesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
