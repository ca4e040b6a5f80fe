package ai.traceable.tme.config;

import java.time.Duration;
import java.util.Locale;

/**
 * What tme answers for a check it could only partly inspect, instead of a gRPC error (which Envoy
 * would turn into its {@code failure_mode_allow}), and how long evaluation may take.
 *
 * @param onInvalidUtf8 a string field held invalid UTF-8 and was read byte by byte
 * @param onTooDeep messages nested deeper than the decoder follows were dropped
 * @param onOversized the message was larger than {@code tme.grpc.max-request-bytes}; its prefix was
 *     inspected
 * @param onOverBudget evaluation ran out of {@code timeBudget} and stopped early
 * @param timeBudget how long the engine may spend on one check; zero for no limit
 * @param denyOnOverload whether a check refused by {@code tme.connection.max-in-flight} is denied
 *     (block mode) instead of answered {@code RESOURCE_EXHAUSTED}
 */
public record CheckSettings(
    Partial onInvalidUtf8,
    Partial onTooDeep,
    Partial onOversized,
    Partial onOverBudget,
    Duration timeBudget,
    boolean denyOnOverload) {

  /** Every partial check is inspected and decided on what was seen; no time budget. */
  public static final CheckSettings DEFAULTS =
      new CheckSettings(
          Partial.INSPECT, Partial.INSPECT, Partial.INSPECT, Partial.INSPECT, Duration.ZERO, false);

  /** The settings with no time budget and without denials on overload. */
  public CheckSettings(
      Partial onInvalidUtf8,
      Partial onTooDeep,
      Partial onOversized,
      Partial onOverBudget,
      Duration timeBudget) {
    this(onInvalidUtf8, onTooDeep, onOversized, onOverBudget, timeBudget, false);
  }

  /** Reads {@code tme.check.on-overload}: {@code error} or {@code deny}. */
  static boolean denyOnOverload(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "error" -> false;
      case "deny" -> true;
      default ->
          throw new IllegalArgumentException(
              "tme.check.on-overload must be error or deny, was '" + value + "'");
    };
  }

  public CheckSettings {
    Validation.notNegative("tme.engine.time-budget", timeBudget);
  }

  /** What to do with a check that could only partly be inspected. */
  public enum Partial {
    /** Decide on what was inspected (the decision is marked partial). */
    INSPECT,
    /** Deny in block mode (monitor mode records that block mode would deny). */
    DENY;

    static Partial parse(String key, String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "inspect" -> INSPECT;
        case "deny" -> DENY;
        default ->
            throw new IllegalArgumentException(
                key + " must be inspect or deny, was '" + value + "'");
      };
    }
  }
}
