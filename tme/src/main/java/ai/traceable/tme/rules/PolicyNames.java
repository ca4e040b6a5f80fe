package ai.traceable.tme.rules;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses the names policy entries use for their enums: case-insensitive, with {@code -} or {@code
 * _} between words ({@code block_all_except}, {@code BLOCK-ALL-EXCEPT}).
 */
final class PolicyNames {
  private PolicyNames() {}

  static <E extends Enum<E>> E parse(
      Class<E> type, String what, String value, Collection<E> allowed, String where) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(where + ": '" + what + "' is required");
    }
    String name = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E candidate : allowed) {
      if (candidate.name().equals(name)) {
        return candidate;
      }
    }
    String expected =
        allowed.stream()
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(
        where + ": unknown " + what + " '" + value + "' (expected one of " + expected + ")");
  }

  static <E extends Enum<E>> E parse(Class<E> type, String what, String value, String where) {
    return parse(type, what, value, Arrays.asList(type.getEnumConstants()), where);
  }
}
