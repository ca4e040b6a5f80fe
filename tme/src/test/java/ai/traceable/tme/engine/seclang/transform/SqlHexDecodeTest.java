package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SqlHexDecode}: sqlHexDecode. {@link TransformVectors} says where the vectors come from.
 */
class SqlHexDecodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("sqlHexDecode", "0x414243", "ABC"),
        v("sqlHexDecode", "0x41 0x42", "A B"),
        v("sqlHexDecode", "0x410x42", "A0x42"),
        v("sqlHexDecode", "0x4", "0x4"),
        v("sqlHexDecode", "0x", "0x"),
        v("sqlHexDecode", "0X4142z", "ABz"),
        v("sqlHexDecode", "x0x41", "xA"),
        v("sqlHexDecode", "0x0041", ""),
        v("sqlHexDecode", "0x414", "A4"),
        v("sqlHexDecode", "00x41", "0A"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void decodesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
