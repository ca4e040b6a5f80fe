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
 */
public record CheckSettings(
    Partial onInvalidUtf8,
    Partial onTooDeep,
    Partial onOversized,
    Partial onOverBudget,
    Duration timeBudget) {

  /** Every partial check is inspected and decided on what was seen; no time budget. */
  public static final CheckSettings DEFAULTS =
      new CheckSettings(
          Partial.INSPECT, Partial.INSPECT, Partial.INSPECT, Partial.INSPECT, Duration.ZERO);

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
