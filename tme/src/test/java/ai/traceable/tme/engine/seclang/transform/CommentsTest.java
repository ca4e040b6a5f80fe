package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Comments}: replaceComments, removeComments, removeCommentsChar. {@link TransformVectors}
 * says where the vectors come from.
 */
class CommentsTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("replaceComments", "a/*x*/b/*c", "a b "),
        v("replaceComments", "a*/b", "a*/b"),
        v("replaceComments", "/**/", " "),
        v("removeComments", "a/*x*/b", "ab"),
        v("removeComments", "a/*x*/", "a\000"),
        v("removeComments", "a<!--x-->bc", "abc"),
        v("removeComments", "a--b", "a"),
        v("removeComments", "a#b", "a"),
        v("removeComments", "a/*x", "a "),
        v("removeComments", "/*a*//*b*/", "/*b*/"),
        v("removeComments", "<!-->x", " "),
        v("removeComments", "a/*x-->yz", "ayz"),
        v("removeCommentsChar", "a/*b*/c<!--d-->e--f#g", "abcdefg"),
        v("removeCommentsChar", "---", "-"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void handlesCommentsAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
