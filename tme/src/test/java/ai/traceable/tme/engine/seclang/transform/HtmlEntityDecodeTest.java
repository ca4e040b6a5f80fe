package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link HtmlEntityDecode}: htmlEntityDecode. {@link TransformVectors} says where the vectors come
 * from.
 */
class HtmlEntityDecodeTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("htmlEntityDecode", "&lt;script&gt;", "<script>"),
        v("htmlEntityDecode", "&LT;&Quot;&amp;&nbsp;x", "<\"&\240x"),
        v("htmlEntityDecode", "&#65;&#x41;&#X42", "AAB"),
        v("htmlEntityDecode", "&#65", "A"),
        v("htmlEntityDecode", "&#x4142;", "B"),
        v("htmlEntityDecode", "&#256;&#999999999999999999999999;", "\000\377"),
        v("htmlEntityDecode", "&foo;&apos;", "&foo;&apos;"),
        v("htmlEntityDecode", "&", "&"),
        v("htmlEntityDecode", "&#", "&#"),
        v("htmlEntityDecode", "&#x", "&#x"),
        v("htmlEntityDecode", "&#xZ&#Z&;", "&#xZ&#Z&;"),
        v("htmlEntityDecode", "&ltx&lt1", "&ltx&lt1"),
        v("htmlEntityDecode", "a&&lt;", "a&<"),
        v("htmlEntityDecode", "&#0;b", "\000b"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void decodesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
