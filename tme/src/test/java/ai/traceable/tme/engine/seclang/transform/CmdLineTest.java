package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CmdLine}: cmdLine. {@link TransformVectors} says where the vectors come from. */
class CmdLineTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("cmdLine", "C:\\Windows\\sys\"tem\"32", "c:windowssystem32"),
        v("cmdLine", "ca^t /e't'c/pa''sswd", "cat/etc/passwd"),
        v("cmdLine", "cat  ,;\011/etc/passwd", "cat/etc/passwd"),
        v("cmdLine", "echo (abc)  (x)", "echo(abc)(x)"),
        v("cmdLine", "A\000B", "a"),
        v("cmdLine", "  x  ", " x "));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void normalisesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
