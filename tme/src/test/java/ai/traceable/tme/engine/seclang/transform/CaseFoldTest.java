package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CaseFold}: lowercase. {@link TransformVectors} says where the vectors come from. */
class CaseFoldTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("lowercase", "ABC\300\311xyz", "abc\300\311xyz"),
        v("uppercase", "abcXYZ\u00e0\u00ff1", "ABCXYZ\u00e0\u00ff1"),
        v("lowercase", "", ""));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void foldsAsciiOnly(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
