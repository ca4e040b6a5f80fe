package ai.traceable.tme.engine;

import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.inspect.TimeBudget;
import ai.traceable.tme.logging.LogThrottle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps an engine so that {@link #evaluate} never throws: an internal error becomes the decision
 * the {@link OnError} policy names, and is counted and logged. Besides exceptions this covers the
 * {@link Error}s one evaluation can cause without the JVM being broken (stack overflow, an
 * allocation over the heap or array limits, a class that failed to initialise, a failed assertion);
 * other errors of the virtual machine propagate.
 *
 * <p>Thread-safe. Logging of errors is rate-limited to one line per second so a poisoned input
 * cannot flood the log.
 */
public final class FailSafeEngine implements Engine {
  private static final Logger log = LoggerFactory.getLogger(FailSafeEngine.class);

  private final Engine delegate;
  private final OnError onError;
  private final LongAdder errors = new LongAdder();
  private final LogThrottle errorLog = LogThrottle.onePer(Duration.ofSeconds(1), System::nanoTime);

  public FailSafeEngine(Engine delegate, OnError onError) {
    this.delegate = delegate;
    this.onError = onError;
  }

  @Override
  public Decision evaluate(RequestView request) {
    return evaluate(request, TimeBudget.NONE);
  }

  @Override
  public Decision evaluate(RequestView request, TimeBudget budget) {
    long start = System.nanoTime();
    try {
      return delegate.evaluate(request, budget);
    } catch (RuntimeException
        | StackOverflowError
        | OutOfMemoryError
        | LinkageError
        | AssertionError e) {
      // the errors one request can raise in a broken rule or detector: a recursion too deep, an
      // allocation too large, a class that failed to initialise, a broken invariant. Left to
      // propagate, they would leave the check unanswered until Envoy's timeout.
      errors.increment();
      logRateLimited(request, e);
      long took = System.nanoTime() - start;
      return onError == OnError.ALLOW
          ? new Decision.Allow(List.of(), false, true, took)
          : new Decision.Deny(List.of(), true, took);
    }
  }

  /** Number of evaluations that failed since start. */
  public long errorCount() {
    return errors.sum();
  }

  private void logRateLimited(RequestView request, Throwable e) {
    if (errorLog.tryAcquire()) {
      log.error(
          "engine error (answered {}; {} errors so far) for {} request id '{}'",
          onError == OnError.ALLOW ? "allow, fail-open" : "deny, fail-closed",
          errors.sum(),
          request.method(),
          request.requestId(),
          e);
    }
  }
}
