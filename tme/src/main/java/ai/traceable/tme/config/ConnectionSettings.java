package ai.traceable.tme.config;

import java.time.Duration;

/**
 * Per-connection actor settings.
 *
 * @param idleTimeout how long a connection may be quiet before its actor stops
 * @param maxInFlight checks one connection may have in flight (received, not yet answered) at once
 */
public record ConnectionSettings(Duration idleTimeout, int maxInFlight) {
  public ConnectionSettings {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("tme.connection.idle-timeout must be positive");
    }
    Validation.positive("tme.connection.max-in-flight", maxInFlight);
  }
}
