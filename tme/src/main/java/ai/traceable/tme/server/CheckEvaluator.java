package ai.traceable.tme.server;

import ai.traceable.tme.capture.Capture;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.metrics.CheckMetrics;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one check end to end on the calling thread: decode, convert, evaluate, answer. Meant to run
 * on the engine dispatcher. Thread-safe; holds no per-call state.
 */
final class CheckEvaluator {
  private static final Logger log = LoggerFactory.getLogger(CheckEvaluator.class);

  private final Engine engine;
  private final CheckResponses responses;
  private final Capture capture;
  private final CheckMetrics metrics;
  private final DenialLog denials;
  private final PartialChecks partialChecks;
  private final CheckResponse overloadDenial;

  /**
   * @param engine evaluates every check; a reloadable engine ({@link
   *     ai.traceable.tme.engine.ReloadableEngine}) applies a reloaded rule set from the next check
   */
  CheckEvaluator(Engine engine, CheckResponses responses) {
    this(engine, responses, Capture.OFF);
  }

  /**
   * @param capture receives every answered check, after the answer was sent
   */
  CheckEvaluator(Engine engine, CheckResponses responses, Capture capture) {
    this(engine, responses, capture, null, DenialLog.OFF);
  }

  /**
   * @param metrics meters every check; null for none
   * @param denials writes the denial log lines
   */
  CheckEvaluator(
      Engine engine,
      CheckResponses responses,
      Capture capture,
      CheckMetrics metrics,
      DenialLog denials) {
    this(engine, responses, capture, metrics, denials, PartialChecks.DEFAULTS);
  }

  /**
   * @param partialChecks the policies for checks inspected in part, and the time budget
   */
  CheckEvaluator(
      Engine engine,
      CheckResponses responses,
      Capture capture,
      CheckMetrics metrics,
      DenialLog denials,
      PartialChecks partialChecks) {
    this.partialChecks = partialChecks;
    this.overloadDenial =
        partialChecks.denyOnOverload()
            ? responses.toResponse(new Decision.Deny(List.of(), true, 0), 0)
            : null;
    this.engine = engine;
    this.responses = responses;
    this.capture = capture;
    this.metrics = metrics;
    this.denials = denials;
  }

  /** The meters every check feeds, or null. */
  CheckMetrics metrics() {
    return metrics;
  }

  /** Counts a check the connection refused before evaluation. */
  void rejected() {
    if (metrics != null) {
      metrics.failed(CheckMetrics.Failure.IN_FLIGHT_LIMIT);
    }
  }

  /**
   * Answers and counts a check the connection refused before evaluation: {@code
   * RESOURCE_EXHAUSTED}, which Envoy's failure_mode_allow decides, or a fail-closed denial when
   * {@code tme.check.on-overload} is {@code deny} (block mode).
   */
  void reject(CheckCall call) {
    rejected();
    if (overloadDenial != null) {
      call.reply(overloadDenial);
    } else {
      call.fail(Status.RESOURCE_EXHAUSTED.withDescription("too many checks in flight"));
    }
  }

  /** Counts a check whose evaluation threw past every guard. */
  void internalError() {
    if (metrics != null) {
      metrics.failed(CheckMetrics.Failure.INTERNAL_ERROR);
    }
  }

  /**
   * Decodes, evaluates and answers one call, and returns how it ended. {@code release} runs exactly
   * once, just before the answer is sent (whatever the answer), so the call's in-flight slot is
   * free by the time the caller can send its next check. A call whose grpc-timeout has passed is
   * answered {@code DEADLINE_EXCEEDED} without evaluation: Envoy has given up on it. A request that
   * could only partly be decoded, or whose evaluation ran out of time, is decided under its {@link
   * PartialChecks} policy. Errors before the answer are answered {@code INTERNAL} here; errors
   * after it (metering, the denial log) propagate, with the call answered and released.
   */
  CheckOutcome evaluate(CheckCall call, Runnable release) {
    long now = partialChecks.now();
    if (PartialChecks.expired(call, now)) {
      return expired(call, release);
    }
    RequestView view;
    Decision decision;
    CheckResponse response;
    long start;
    int partial;
    try {
      CheckRequestRepair.Decoded decoded = call.decode();
      start = capture != Capture.OFF ? epochNanos() : 0;
      view = CheckRequests.toView(decoded.request());
      // the engine's budget starts here, not at the top: decoding is not the engine's time (the
      // first CheckRequest a JVM decodes loads Envoy's descriptors, which alone can take longer)
      decision = engine.evaluate(view, partialChecks.budget(call, partialChecks.now()));
      partial =
          decoded.partial() | (decision.partial() ? CheckMetrics.Partial.OVER_BUDGET.bit() : 0);
      if (partial != 0) {
        decision = partialChecks.apply(decision, partial);
      }
      response = responses.toResponse(decision, partial);
    } catch (InvalidProtocolBufferException e) {
      release.run();
      call.fail(
          Status.INVALID_ARGUMENT.withDescription("malformed CheckRequest: " + e.getMessage()));
      if (metrics != null) {
        metrics.failed(CheckMetrics.Failure.INVALID_REQUEST);
      }
      return CheckOutcome.INVALID;
    } catch (RuntimeException | StackOverflowError e) {
      release.run();
      internalError();
      call.fail(Status.INTERNAL.withDescription("check failed: " + e));
      return CheckOutcome.INVALID;
    } catch (Error e) {
      release.run(); // not answerable, but the connection must not lose the slot
      throw e;
    }
    release.run();
    call.reply(response);
    afterAnswer(call, view, decision, start, partial);
    return outcomeOf(decision);
  }

  private CheckOutcome expired(CheckCall call, Runnable release) {
    release.run();
    call.fail(Status.DEADLINE_EXCEEDED.withDescription("deadline passed before evaluation"));
    if (metrics != null) {
      metrics.failed(CheckMetrics.Failure.DEADLINE_EXCEEDED);
    }
    return CheckOutcome.EXPIRED;
  }

  /** Metering, the denial log and capture: after the answer, off the caller's latency. */
  private void afterAnswer(
      CheckCall call, RequestView view, Decision decision, long start, int partial) {
    if (metrics != null) {
      metrics.answered(decision, System.nanoTime() - call.receivedNanos());
      if (partial != 0) {
        metrics.partial(partial);
      }
    }
    denials.record(view, decision);
    if (capture != Capture.OFF) {
      try {
        capture.record(view, decision, start, epochNanos());
      } catch (RuntimeException e) {
        // capture must never affect checks; the pipeline counts its own losses
        log.warn("capture failed for one check: {}", e.toString());
      }
    }
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  static CheckOutcome outcomeOf(Decision decision) {
    if (decision instanceof Decision.Deny deny) {
      return deny.failedClosed() ? CheckOutcome.FAILED_CLOSED : CheckOutcome.DENIED;
    }
    Decision.Allow allow = (Decision.Allow) decision;
    if (allow.failedOpen()) {
      return CheckOutcome.FAILED_OPEN;
    }
    return allow.findings().isEmpty() ? CheckOutcome.ALLOWED : CheckOutcome.MONITORED;
  }
}
