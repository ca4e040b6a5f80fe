package ai.traceable.tme.engine;

/** What to answer when evaluation itself fails. */
public enum OnError {
  /** Let the request through (fail open). */
  ALLOW,
  /** Deny the request (fail closed). */
  DENY;

  /** Parses {@code allow} / {@code deny}, case-insensitively. */
  public static OnError parse(String value) {
    return EnumNames.parse(OnError.class, "on-error policy", value);
  }
}
