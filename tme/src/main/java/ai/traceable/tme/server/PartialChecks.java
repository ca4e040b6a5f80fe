package ai.traceable.tme.server;

import ai.traceable.tme.config.CheckSettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.inspect.TimeBudget;
import ai.traceable.tme.metrics.CheckMetrics.Partial;
import java.util.function.LongSupplier;

/**
 * The policies for checks tme could only partly inspect ({@code tme.check.*}) and the time budget
 * of each evaluation ({@code tme.engine.time-budget}, capped by the call's {@code grpc-timeout}).
 * Immutable and thread-safe.
 */
final class PartialChecks {
  /** Inspect everything, no budget: what tests and tools get unless they ask. */
  static final PartialChecks DEFAULTS =
      new PartialChecks(CheckSettings.DEFAULTS, EngineMode.BLOCK, System::nanoTime);

  private final int denyBits;
  private final boolean enforcing;
  private final boolean off;
  private final long budgetNanos;
  private final LongSupplier nanoClock;
  private final boolean denyOnOverload;

  /**
   * @param mode the global engine mode: {@code deny} policies deny in block mode only
   * @param nanoClock monotonic time, {@code System::nanoTime} outside tests
   */
  PartialChecks(CheckSettings settings, EngineMode mode, LongSupplier nanoClock) {
    int bits = 0;
    bits |= settings.onInvalidUtf8() == CheckSettings.Partial.DENY ? Partial.INVALID_UTF8.bit() : 0;
    bits |= settings.onTooDeep() == CheckSettings.Partial.DENY ? Partial.TOO_DEEP.bit() : 0;
    bits |= settings.onOversized() == CheckSettings.Partial.DENY ? Partial.TRUNCATED.bit() : 0;
    bits |= settings.onOverBudget() == CheckSettings.Partial.DENY ? Partial.OVER_BUDGET.bit() : 0;
    this.denyBits = bits;
    this.enforcing = mode == EngineMode.BLOCK;
    this.off = mode == EngineMode.OFF;
    this.budgetNanos = settings.timeBudget().toNanos();
    this.nanoClock = nanoClock;
    this.denyOnOverload = settings.denyOnOverload() && enforcing;
  }

  /**
   * Whether a check refused by the in-flight limit is denied rather than answered with an error.
   */
  boolean denyOnOverload() {
    return denyOnOverload;
  }

  long now() {
    return nanoClock.getAsLong();
  }

  /** Whether {@code call}'s grpc-timeout has passed at {@code now}. */
  static boolean expired(CheckCall call, long now) {
    long timeout = call.timeoutNanos();
    return timeout != CheckCall.NO_TIMEOUT && now - (call.receivedNanos() + timeout) >= 0;
  }

  /**
   * The budget of an evaluation starting at {@code now}: ours, or the call's deadline if sooner.
   */
  TimeBudget budget(CheckCall call, long now) {
    long timeout = call.timeoutNanos();
    if (timeout == CheckCall.NO_TIMEOUT) {
      return budget(false, 0, now);
    }
    return budget(true, call.receivedNanos() + timeout, now);
  }

  /**
   * The budget of an evaluation starting at {@code now}: ours, or {@code deadline} ({@link
   * System#nanoTime()} time) if there is one and it is sooner.
   */
  TimeBudget budget(boolean hasDeadline, long deadline, long now) {
    if (!hasDeadline) {
      return budgetNanos == 0 ? TimeBudget.NONE : TimeBudget.until(now + budgetNanos, nanoClock);
    }
    if (budgetNanos != 0 && now + budgetNanos - deadline < 0) {
      deadline = now + budgetNanos;
    }
    return TimeBudget.until(deadline, nanoClock);
  }

  /**
   * The decision for a check inspected only in part ({@code partial}, {@link Partial} bits): the
   * engine's, unless a reason's policy is {@code deny}. Then block mode denies; monitor mode allows
   * and records that block mode would have denied. A denial stays one.
   */
  Decision apply(Decision decision, int partial) {
    if ((partial & denyBits) == 0 || off || !(decision instanceof Decision.Allow allow)) {
      return decision;
    }
    if (allow.failedOpen()) {
      return decision; // the engine failed: tme.engine.on-error has decided already
    }
    if (enforcing) {
      return new Decision.Deny(allow.findings(), false, allow.evaluationNanos());
    }
    return new Decision.Allow(
        allow.findings(), true, false, allow.evaluationNanos(), allow.partial());
  }
}
