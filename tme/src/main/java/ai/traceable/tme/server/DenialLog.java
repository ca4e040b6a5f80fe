package ai.traceable.tme.server;

import ai.traceable.tme.capture.Redactor;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.logging.LogThrottle;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per denied request (and per request monitor mode would have denied), on the logger
 * {@code ai.traceable.tme.denials}: request id, client address, method, path, rule ids, categories
 * and score, as key-value pairs (fields of their own in JSON logs) and in the message. Values of
 * sensitive query parameters are replaced as capture replaces them; headers and bodies are never
 * logged.
 *
 * <p>At most {@code maxPerSecond} lines a second are written, so a flood of attacks cannot turn
 * into a flood of log lines; the lines left out are counted and reported in one line when the next
 * second's first denial is logged (every denial is counted in {@code tme_checks_total} anyway).
 * Thread-safe.
 */
final class DenialLog {
  static final String LOGGER = "ai.traceable.tme.denials";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  /** Logs nothing. */
  static final DenialLog OFF = new DenialLog(0, null, 0);

  private final int maxPerSecond;
  private final Redactor redactor;
  private final int trustedHops;
  private final LogThrottle throttle;

  /**
   * @param maxPerSecond lines a second at most; 0 turns the log off
   * @param redactor replaces sensitive query parameter values in the path
   * @param trustedHops which {@code x-forwarded-for} entry is the client (see the engine settings)
   */
  DenialLog(int maxPerSecond, Redactor redactor, int trustedHops) {
    this(maxPerSecond, redactor, trustedHops, System::nanoTime);
  }

  /** With a chosen nanosecond clock (tests). */
  DenialLog(int maxPerSecond, Redactor redactor, int trustedHops, LongSupplier clock) {
    this.maxPerSecond = maxPerSecond;
    this.redactor = redactor;
    this.trustedHops = trustedHops;
    this.throttle =
        maxPerSecond > 0 ? new LogThrottle(maxPerSecond, Duration.ofSeconds(1), clock) : null;
  }

  void record(RequestView request, Decision decision) {
    if (maxPerSecond <= 0) {
      return;
    }
    boolean deny = decision instanceof Decision.Deny;
    boolean wouldDeny = decision instanceof Decision.Allow a && a.wouldDeny();
    if ((!deny && !wouldDeny) || !log.isWarnEnabled() || !admit()) {
      return;
    }
    List<Finding> findings = decision.findings();
    String ruleIds = decision.ruleIds();
    String categories =
        String.join(",", findings.stream().map(Finding::category).distinct().toList());
    int score = findings.stream().mapToInt(Finding::score).sum();
    List<String> ids = request.header("x-request-id");
    String requestId = ids.isEmpty() ? "" : ids.get(0);
    String client = request.clientAddress(trustedHops);
    String path = redactor == null ? request.path() : redactor.target(request.path());
    String outcome = deny ? "deny" : "monitor";
    log.atWarn()
        .addKeyValue("event", "request_denied")
        .addKeyValue("decision", outcome)
        .addKeyValue("request_id", requestId)
        .addKeyValue("client", client)
        .addKeyValue("method", request.method())
        .addKeyValue("path", path)
        .addKeyValue("rule_ids", ruleIds)
        .addKeyValue("categories", categories)
        .addKeyValue("score", score)
        .log(
            "{} request_id={} client={} {} {} rules={} score={}",
            deny ? "denied" : "would deny (monitor mode)",
            requestId,
            client,
            request.method(),
            path,
            ruleIds,
            score);
  }

  /**
   * Whether this line fits in the current second's allowance; the first line let through after some
   * were left out is preceded by one line that counts them.
   */
  private boolean admit() {
    if (!throttle.tryAcquire()) {
      return false;
    }
    long left = throttle.takeHeldBack();
    if (left > 0) {
      log.atWarn()
          .addKeyValue("event", "denials_suppressed")
          .addKeyValue("count", left)
          .log(
              "{} denial lines left out (more than {} a second); all denials are counted in"
                  + " tme_checks_total",
              left,
              maxPerSecond);
    }
    return true;
  }
}
