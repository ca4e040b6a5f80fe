package ai.traceable.tme.rules;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Validation of the numbers and ISO-8601 durations in policy entries, with clear messages. */
final class PolicyDurations {
  private PolicyDurations() {}

  static Duration required(String value, String field, String where) {
    if (value == null) {
      throw new IllegalArgumentException(where + ": '" + field + "' is required");
    }
    return optional(value, field, where);
  }

  /** The duration, or {@link Duration#ZERO} when absent. */
  static Duration optional(String value, String field, String where) {
    if (value == null) {
      return Duration.ZERO;
    }
    Duration d;
    try {
      d = Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where
              + ": '"
              + field
              + "' value '"
              + value
              + "' is not an ISO-8601 duration such as PT30S, PT10M or PT1H",
          e);
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(where + ": '" + field + "' must be positive");
    }
    return d;
  }

  static int positive(Integer value, String field, String where) {
    if (value == null) {
      throw new IllegalArgumentException(where + ": '" + field + "' is required");
    }
    if (value <= 0) {
      throw new IllegalArgumentException(
          where + ": '" + field + "' must be positive, was " + value);
    }
    return value;
  }

  /** A denial status within 400-499, or 0 when absent. */
  static int status(Integer value, String where) {
    if (value == null) {
      return 0;
    }
    if (value < 400 || value > 499) {
      throw new IllegalArgumentException(where + ": 'status' must be within 400-499, was " + value);
    }
    return value;
  }
}
