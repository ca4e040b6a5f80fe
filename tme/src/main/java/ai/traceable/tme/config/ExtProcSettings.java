package ai.traceable.tme.config;

import java.util.List;
import java.util.Locale;

/**
 * Settings of the ext_proc service ({@code envoy.service.ext_proc.v3.ExternalProcessor/Process})
 * and of the response inspection it runs. Immutable; validated here.
 *
 * @param filter which of Envoy's filters calls tme ({@code tme.mode}): both services are always
 *     served, but the HTTP/2 transport is tuned for one (see reference.conf)
 * @param requestBodyMode how Envoy sends request bodies, assumed when Envoy does not say so itself
 *     in the stream's first message ({@code protocol_config}, Envoy 1.33 and later): decides
 *     whether the request is evaluated on its headers or waits for its body
 * @param responseBodyMode the same for response bodies
 * @param maxBodyBytes body bytes kept per direction for inspection and capture; the rest is counted
 *     as truncated
 * @param leaks what response inspection does with what it finds
 */
public record ExtProcSettings(
    Filter filter,
    BodyMode requestBodyMode,
    BodyMode responseBodyMode,
    int maxBodyBytes,
    LeakSettings leaks) {

  public ExtProcSettings {
    Validation.positive("tme.ext-proc.max-body-bytes", maxBodyBytes);
  }

  /** The Envoy filter tme serves first ({@code tme.mode}). */
  public enum Filter {
    EXT_AUTHZ,
    EXT_PROC;

    static Filter parse(String value) {
      String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Filter f : values()) {
        if (f.name().equals(v)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "tme.mode must be ext_authz or ext_proc, was '" + value + "'");
    }
  }

  /** Envoy's {@code ProcessingMode.BodySendMode}, as configured. */
  public enum BodyMode {
    NONE,
    BUFFERED,
    BUFFERED_PARTIAL,
    STREAMED;

    static BodyMode parse(String key, String value) {
      String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (BodyMode m : values()) {
        if (m.name().equals(v)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          key + " must be none, buffered, buffered-partial or streamed, was '" + value + "'");
    }
  }

  /** What response inspection does when a rule matches. */
  public enum LeakAction {
    /** Nothing inspected. */
    OFF,
    /** Record findings (capture, metadata, log); the response passes unchanged. */
    MONITOR,
    /** Replace the response with {@code block-status} and {@code block-message}. */
    BLOCK,
    /** Mask what matched in the body; the response passes otherwise unchanged. */
    REDACT;

    static LeakAction parse(String value) {
      String v = value.trim().toUpperCase(Locale.ROOT);
      for (LeakAction a : values()) {
        if (a.name().equals(v)) {
          return a;
        }
      }
      throw new IllegalArgumentException(
          "tme.response-inspection.mode must be off, monitor, block or redact, was '"
              + value
              + "'");
    }
  }

  /**
   * @param action what a match leads to
   * @param blockStatus HTTP status of a replaced response (400-599)
   * @param blockMessage body of a replaced response
   * @param maxInspectBytes response body bytes inspected at most
   * @param disabledRules rule ids that never match
   */
  public record LeakSettings(
      LeakAction action,
      int blockStatus,
      String blockMessage,
      int maxInspectBytes,
      List<String> disabledRules) {
    public LeakSettings {
      if (blockStatus < 400 || blockStatus > 599) {
        throw new IllegalArgumentException(
            "tme.response-inspection.block-status must be 400-599, was " + blockStatus);
      }
      Validation.positive("tme.response-inspection.max-inspect-bytes", maxInspectBytes);
      disabledRules = List.copyOf(disabledRules);
    }

    static LeakSettings of(
        String mode, int blockStatus, String message, int maxBytes, List<String> disabled) {
      return new LeakSettings(LeakAction.parse(mode), blockStatus, message, maxBytes, disabled);
    }
  }

  static ExtProcSettings of(
      String filter,
      String requestBodyMode,
      String responseBodyMode,
      int maxBodyBytes,
      LeakSettings leaks) {
    return new ExtProcSettings(
        Filter.parse(filter),
        BodyMode.parse("tme.ext-proc.request-body-mode", requestBodyMode),
        BodyMode.parse("tme.ext-proc.response-body-mode", responseBodyMode),
        maxBodyBytes,
        leaks);
  }
}
