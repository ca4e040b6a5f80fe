package ai.traceable.tme.engine.seclang.transform;

import org.junit.jupiter.params.provider.Arguments;

/**
 * Builds the rows of the transformation tables.
 *
 * <p>Each table lists inputs chosen for ModSecurity's documented behaviour and its edge cases
 * (invalid and truncated encodings, boundaries, NUL bytes, bytes above 0x7F); the expected outputs
 * were checked against ModSecurity 2.9.7 (Debian's libapache2-mod-security2, one {@code SecRule
 * ARGS:x "@unconditionalMatch" "t:none,t:x,logdata:'%{MATCHED_VAR}'"} per transformation). Strings
 * are byte strings: octal escapes stand for bytes.
 */
final class TransformVectors {
  private TransformVectors() {}

  static Arguments v(String transformation, String input, String expected) {
    return Arguments.of(transformation, input, expected);
  }
}
