package ai.traceable.tme.metrics;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Finding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the check path: checks by decision, rule matches by rule id and category, failures by
 * reason, and two latency histograms (the whole check as the server saw it, and the engine's part
 * of it). Every meter a check touches is created up front or once per rule id, so recording is a
 * few counter increments and two histogram observations with no lookups by request data.
 *
 * <p>Label values are bounded: decisions and reasons are fixed sets; rule ids and categories come
 * from {@link Finding}s, which the engine only builds from the loaded rule set and its detectors.
 * Thread-safe.
 */
public final class CheckMetrics {
  /** Bucket bounds of both histograms, fine below a millisecond where a healthy check lives. */
  static final Duration[] BUCKETS = {
    Duration.ofNanos(10_000),
    Duration.ofNanos(25_000),
    Duration.ofNanos(50_000),
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2)
  };

  /** Why a check did not get an engine decision, or got a stand-in one. */
  public enum Failure {
    /** The engine failed and {@code tme.engine.on-error} let the request through. */
    FAIL_OPEN,
    /** The engine failed and {@code tme.engine.on-error} denied the request. */
    FAIL_CLOSED,
    /** The CheckRequest could not be decoded. */
    INVALID_REQUEST,
    /** Refused by the per-connection in-flight limit. */
    IN_FLIGHT_LIMIT,
    /** Evaluation threw past the engine's own guard. */
    INTERNAL_ERROR,
    /** The check's grpc-timeout had passed when its turn came; dropped without evaluation. */
    DEADLINE_EXCEEDED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a check was decided on part of the request; a check may have several. */
  public enum Partial {
    /** A string field held invalid UTF-8 and was read byte by byte. */
    INVALID_UTF8,
    /** Messages nested too deep were dropped. */
    TOO_DEEP,
    /** The message was larger than the limit; its prefix was inspected. */
    TRUNCATED,
    /** Evaluation ran out of its time budget. */
    OVER_BUDGET;

    private static final Partial[] ALL = values();

    /** This reason's bit in a set of reasons held as an int. */
    public int bit() {
      return 1 << ordinal();
    }

    /** The label: lower case with dashes, as in metrics and dynamic metadata. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Comma-separated labels of the reasons in {@code bits}, in declaration order. */
    public static String labels(int bits) {
      StringBuilder out = new StringBuilder();
      for (Partial p : ALL) {
        if ((bits & p.bit()) != 0) {
          out.append(out.length() == 0 ? "" : ",").append(p.label());
        }
      }
      return out.toString();
    }
  }

  private final MeterRegistry registry;
  private final Counter[] partials = new Counter[Partial.values().length];
  private final Counter allowed;
  private final Counter denied;
  private final Counter monitored;
  private final Counter[] failures = new Counter[Failure.values().length];
  private final Timer checkTime;
  private final Timer engineTime;
  private final ConcurrentHashMap<MatchKey, Counter> matches = new ConcurrentHashMap<>();

  private record MatchKey(String ruleId, String category, String decision) {}

  public CheckMetrics(MeterRegistry registry) {
    this.registry = registry;
    allowed = decisions("allow");
    denied = decisions("deny");
    monitored = decisions("monitor");
    for (Failure f : Failure.values()) {
      failures[f.ordinal()] =
          Counter.builder("tme.check.failures")
              .description(
                  "checks answered without a normal engine decision, by reason (fail_open and"
                      + " fail_closed are also counted in tme_checks_total)")
              .tag("reason", f.label())
              .register(registry);
    }
    for (Partial p : Partial.values()) {
      partials[p.ordinal()] =
          Counter.builder("tme.check.partial")
              .description(
                  "checks decided on part of the request, by reason (a check may count under"
                      + " several)")
              .tag("reason", p.name().toLowerCase(Locale.ROOT))
              .register(registry);
    }
    checkTime =
        Timer.builder("tme.check.duration")
            .description("time from a check's arrival at tme to its answer")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    engineTime =
        Timer.builder("tme.engine.evaluation")
            .description("time the engine spent deciding a check")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
  }

  private Counter decisions(String decision) {
    return Counter.builder("tme.checks")
        .description("checks answered, by decision (allow, deny, monitor)")
        .tag("decision", decision)
        .register(registry);
  }

  /** A check was answered with {@code decision}, {@code checkNanos} after it arrived. */
  public void answered(Decision decision, long checkNanos) {
    String label = decision.label();
    switch (label) {
      case "deny" -> denied.increment();
      case "monitor" -> monitored.increment();
      default -> allowed.increment();
    }
    checkTime.record(checkNanos, TimeUnit.NANOSECONDS);
    engineTime.record(decision.evaluationNanos(), TimeUnit.NANOSECONDS);
    List<Finding> findings = decision.findings();
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      matches
          .computeIfAbsent(new MatchKey(f.ruleId(), f.category(), label), this::matchCounter)
          .increment();
    }
    if (decision instanceof Decision.Allow allow && allow.failedOpen()) {
      failed(Failure.FAIL_OPEN);
    } else if (decision instanceof Decision.Deny deny && deny.failedClosed()) {
      failed(Failure.FAIL_CLOSED);
    }
  }

  private Counter matchCounter(MatchKey key) {
    return Counter.builder("tme.rule.matches")
        .description(
            "findings by rule id and category, with the decision of the check they were part of")
        .tag("rule_id", key.ruleId())
        .tag("category", key.category())
        .tag("decision", key.decision())
        .register(registry);
  }

  public void failed(Failure failure) {
    failures[failure.ordinal()].increment();
  }

  /** A check was decided on part of the request, for the reasons in {@code bits}. */
  public void partial(int bits) {
    for (Partial p : Partial.ALL) {
      if ((bits & p.bit()) != 0) {
        partials[p.ordinal()].increment();
      }
    }
  }
}
