package ai.traceable.tme.engine;

import java.util.Locale;

/** What to answer when evaluation itself fails. */
public enum OnError {
  /** Let the request through (fail open). */
  ALLOW,
  /** Deny the request (fail closed). */
  DENY;

  /** Parses {@code allow} / {@code deny}, case-insensitively. */
  public static OnError parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown on-error policy '" + value + "' (expected allow or deny)", e);
    }
  }
}
