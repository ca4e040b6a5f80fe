package ai.traceable.tme.config;

import java.util.Objects;

/**
 * What a denial looks like to the client.
 *
 * @param configuredStatusCode the value as configured, kept so start-up can warn about it
 * @param statusCode the status actually used: the configured one when within 400-499, else 403
 * @param message the denial body
 */
public record BlockingSettings(int configuredStatusCode, int statusCode, String message) {
  /** Status used when the configured one is outside 400-499. */
  public static final int FALLBACK_STATUS = 403;

  public BlockingSettings {
    Objects.requireNonNull(message, "message");
    if (statusCode < 400 || statusCode > 499) {
      throw new IllegalArgumentException("effective blocking status must be within 400-499");
    }
  }

  /** Applies the 400-499 rule to a configured status code. */
  public static BlockingSettings of(int configuredStatusCode, String message) {
    int effective = isClientError(configuredStatusCode) ? configuredStatusCode : FALLBACK_STATUS;
    return new BlockingSettings(configuredStatusCode, effective, message);
  }

  /** Whether the configured status was replaced by the fallback. */
  public boolean fellBack() {
    return configuredStatusCode != statusCode;
  }

  private static boolean isClientError(int code) {
    return code >= 400 && code <= 499;
  }
}
