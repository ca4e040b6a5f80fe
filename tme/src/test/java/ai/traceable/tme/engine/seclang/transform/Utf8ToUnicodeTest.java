package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Utf8ToUnicode}: utf8toUnicode. {@link TransformVectors} says where the vectors come from.
 */
class Utf8ToUnicodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("utf8toUnicode", "abc", "abc"),
        v("utf8toUnicode", "\303\251", "%u00e9"),
        v("utf8toUnicode", "\342\202\254", "%u20ac"),
        v("utf8toUnicode", "\360\237\230\200", "%u1f600"),
        v("utf8toUnicode", "\303", ""),
        v("utf8toUnicode", "\303A", "A"),
        v("utf8toUnicode", "\200\277\370\377", "\200\277\370\377"),
        v("utf8toUnicode", "\300\200", "%u0000\300"),
        v("utf8toUnicode", "\340\200\200", "%u0000\340"),
        v("utf8toUnicode", "\355\240\200", "%ud800\355"),
        v("utf8toUnicode", "\365\200\200\200", "\365%u140000"),
        v("utf8toUnicode", "\342\202", "\202"),
        v("utf8toUnicode", "\360\220\200\200", "%u10000"),
        v("utf8toUnicode", "\364\217\277\277", "%u10ffff"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void rewritesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
