package ai.traceable.tme.engine.seclang.transform;

import static ai.traceable.tme.engine.seclang.transform.TransformVectors.v;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NormalizePath}: normalizePath, normalizePathWin. {@link TransformVectors} says where the
 * vectors come from.
 */
class NormalizePathTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("normalizePath", "/foo/bar/../baz", "/foo/baz"),
        v("normalizePath", "/foo/./bar", "/foo/bar"),
        v("normalizePath", "/foo//bar///baz", "/foo/bar/baz"),
        v("normalizePath", "/../etc/passwd", "/etc/passwd"),
        v("normalizePath", "../../etc/passwd", "../../etc/passwd"),
        v("normalizePath", "a/../../b", "../b"),
        v("normalizePath", "./a/./b", "a/b"),
        v("normalizePath", "/foo/bar/.", "/foo/bar"),
        v("normalizePath", "/foo/bar/..", "/foo"),
        v("normalizePath", "/foo/bar/../", "/foo/"),
        v("normalizePath", "/foo/bar/./", "/foo/bar/"),
        v("normalizePath", "/.", ""),
        v("normalizePath", "/..", ""),
        v("normalizePath", ".", ""),
        v("normalizePath", "..", ".."),
        v("normalizePath", "/", "/"),
        v("normalizePath", "//", "/"),
        v("normalizePath", "a/", "a/"),
        v("normalizePath", "/a/b/../../../c/", "/c/"),
        v("normalizePath", "/foo..bar/..x/.y", "/foo..bar/..x/.y"),
        v("normalizePath", "a\\..\\b", "a\\..\\b"),
        v("normalizePath", "x/y/../../..", ".."),
        v("normalizePath", "x/../../y", "../y"),
        v("normalizePath", "/a/../..", ""),
        v("normalizePath", "./../a", "../a"),
        v("normalizePath", "a//", "a/"),
        v("normalizePathWin", "C:\\Windows\\..\\system32\\.\\cmd.exe", "C:/system32/cmd.exe"),
        v("normalizePathWin", "\\..\\..\\boot.ini", "/boot.ini"),
        v("normalizePathWin", "a\\\\b/\\c", "a/b/c"),
        v("normalizePathWin", "..\\a", "../a"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("vectors")
  void normalisesAsModSecurityDoes(String name, String input, String expected) {
    assertThat(Transformations.byName(name).apply(input)).isEqualTo(expected);
  }
}
