package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link UrlDecode}: urlDecode, urlDecodeUni. {@link TransformVectors} says where the vectors come
 * from.
 */
class UrlDecodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("urlDecode", "a%41b", "aAb"),
        v("urlDecode", "a+b%20c", "a b c"),
        v("urlDecode", "%2", "%2"),
        v("urlDecode", "%", "%"),
        v("urlDecode", "%zz%4", "%zz%4"),
        v("urlDecode", "%u0041", "%u0041"),
        v("urlDecode", "100%", "100%"),
        v("urlDecode", "%00%ff%C3%A9", "\000\377\303\251"),
        v("urlDecode", "%%41", "%A"),
        v("urlDecodeUni", "%u0041%U0042", "AB"),
        v("urlDecodeUni", "%uFF21%uff01", "A!"),
        v("urlDecodeUni", "%u00e9", "\351"),
        v("urlDecodeUni", "%u12", "%u12"),
        v("urlDecodeUni", "%uzzzz", "%uzzzz"),
        v("urlDecodeUni", "%u004", "%u004"),
        v("urlDecodeUni", "a+b%41%", "a bA%"),
        v("urlDecodeUni", "%uFF5E%uFF5F%uFF00", "~_\000"),
        v("urlDecodeUni", "%u", "%u"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void decodesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
