package ai.traceable.tme.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The engine's answer for one request. Immutable.
 *
 * <p>{@link Allow} may still carry findings: in monitor mode, or for rules whose action is {@link
 * RuleAction#MONITOR}, the request passes but what matched is reported.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny {

  /** Everything that matched, in evaluation order. */
  List<Finding> findings();

  /** Nanoseconds the engine spent on this request. */
  long evaluationNanos();

  /**
   * Whether evaluation stopped before every stage had run (its time budget was over), so the
   * decision rests on part of the request. Only allows are partial: a denial is final.
   */
  default boolean partial() {
    return false;
  }

  /** {@code deny}, {@code monitor} (allowed with findings) or {@code allow}. */
  default String label() {
    if (this instanceof Deny) {
      return "deny";
    }
    return findings().isEmpty() ? "allow" : "monitor";
  }

  /** Comma-separated rule ids of the findings, in evaluation order, without duplicates. */
  default String ruleIds() {
    return findings().stream().map(Finding::ruleId).distinct().collect(Collectors.joining(","));
  }

  /**
   * Let the request through.
   *
   * @param findings what matched without being enforced
   * @param wouldDeny whether block mode would have denied this request (monitor mode)
   * @param failedOpen whether this answer stands in for an engine error
   * @param partial whether evaluation stopped early (see {@link Decision#partial()})
   */
  record Allow(
      List<Finding> findings,
      boolean wouldDeny,
      boolean failedOpen,
      long evaluationNanos,
      boolean partial)
      implements Decision {
    private static final Allow CLEAN = new Allow(List.of(), false, false, 0, false);

    public Allow {
      findings = List.copyOf(findings);
    }

    /** A complete (not partial) allow. */
    public Allow(
        List<Finding> findings, boolean wouldDeny, boolean failedOpen, long evaluationNanos) {
      this(findings, wouldDeny, failedOpen, evaluationNanos, false);
    }

    /** An allow with nothing to report. */
    public static Allow clean() {
      return CLEAN;
    }
  }

  /**
   * Stop the request.
   *
   * @param findings what matched; the blocking ones first
   * @param failedClosed whether this answer stands in for an engine error
   * @param status the HTTP status the policy that denied asks for (a rate limit's 429), or {@link
   *     #CONFIGURED_STATUS} for the configured blocking status; only the server's response mapping
   *     decides what reaches the client
   */
  record Deny(List<Finding> findings, boolean failedClosed, long evaluationNanos, int status)
      implements Decision {
    /** {@link #status()} when the denial uses the configured blocking status. */
    public static final int CONFIGURED_STATUS = 0;

    public Deny {
      findings = List.copyOf(findings);
      if (status != CONFIGURED_STATUS && (status < 400 || status > 499)) {
        throw new IllegalArgumentException("a denial status must be within 400-499, was " + status);
      }
    }

    /** A denial with the configured blocking status. */
    public Deny(List<Finding> findings, boolean failedClosed, long evaluationNanos) {
      this(findings, failedClosed, evaluationNanos, CONFIGURED_STATUS);
    }
  }
}
