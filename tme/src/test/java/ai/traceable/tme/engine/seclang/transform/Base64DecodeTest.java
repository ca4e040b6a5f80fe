package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Base64Decode}: base64Decode, base64DecodeExt. {@link TransformVectors} says where the
 * vectors come from.
 */
class Base64DecodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("base64Decode", "SGVsbG8=", "Hello"),
        v("base64Decode", "SGVsbG8", "Hello"),
        v("base64Decode", "SGVsbG8gd29ybGQ=", "Hello world"),
        v("base64Decode", "SGV sbG8", "He"),
        v("base64Decode", "SGVsbG8-_", "Hello"),
        v("base64Decode", "S", ""),
        v("base64Decode", "SG", "H"),
        v("base64Decode", "=SGVs", ""),
        v("base64Decode", "", ""),
        v("base64DecodeExt", "SGVsbG8=", "Hello"),
        v("base64DecodeExt", "SG Vs\012bG8", "Hello"),
        v("base64DecodeExt", "S=GVs", ""),
        v("base64DecodeExt", "SG=Vs", "Hel"),
        v("base64DecodeExt", "SGVs*bG8!", "Hello"),
        v("base64DecodeExt", "SGVs==bG8", "Hello"),
        v("base64DecodeExt", "S==GVs", ""));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void decodesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
