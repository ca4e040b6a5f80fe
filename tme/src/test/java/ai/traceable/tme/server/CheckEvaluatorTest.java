package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.capture.Capture;
import ai.traceable.tme.config.BlockingSettings;
import ai.traceable.tme.config.CheckSettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.inspect.TimeBudget;
import ai.traceable.tme.metrics.CheckMetrics;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Deadlines, time budgets and partial-check policies, on a clock the test moves. */
class CheckEvaluatorTest {
  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicReference<TimeBudget> budgetSeen = new AtomicReference<>();
  private final AtomicLong evaluations = new AtomicLong();

  /** Records the budget it got; reports it was cut short when the budget is over at its look. */
  private final Engine engine =
      new Engine() {
        @Override
        public Decision evaluate(RequestView request) {
          return evaluate(request, TimeBudget.NONE);
        }

        @Override
        public Decision evaluate(RequestView request, TimeBudget budget) {
          evaluations.incrementAndGet();
          budgetSeen.set(budget);
          boolean cut = budget.over();
          return new Decision.Allow(List.of(), false, false, 0, cut);
        }
      };

  private CheckEvaluator evaluator(CheckSettings settings, EngineMode mode) {
    return new CheckEvaluator(
        engine,
        new CheckResponses(BlockingSettings.of(403, "x")),
        Capture.OFF,
        new CheckMetrics(meters),
        DenialLog.OFF,
        new PartialChecks(settings, mode, now::get));
  }

  private static CheckSettings settings(Duration budget, CheckSettings.Partial onOverBudget) {
    return new CheckSettings(
        CheckSettings.Partial.INSPECT,
        CheckSettings.Partial.INSPECT,
        CheckSettings.Partial.INSPECT,
        onOverBudget,
        budget);
  }

  /** A call received at {@code received} with a grpc-timeout of {@code timeout}. */
  private static final class TimedCall extends RecordingCall {
    private final long received;
    private final long timeout;

    TimedCall(long received, long timeout) {
      this.received = received;
      this.timeout = timeout;
    }

    @Override
    public long receivedNanos() {
      return received;
    }

    @Override
    public long timeoutNanos() {
      return timeout;
    }
  }

  private double counter(String name, String reason) {
    return meters.get(name).tag("reason", reason).counter().count();
  }

  @Test
  void aCheckWhoseDeadlinePassedWhileQueuedIsDroppedUnevaluated() {
    CheckEvaluator evaluator = evaluator(CheckSettings.DEFAULTS, EngineMode.BLOCK);
    TimedCall call = new TimedCall(now.get(), 50 * MS);
    now.addAndGet(50 * MS);
    AtomicLong released = new AtomicLong();

    CheckOutcome outcome = evaluator.evaluate(call, released::incrementAndGet);

    assertThat(outcome).isEqualTo(CheckOutcome.EXPIRED);
    assertThat(call.result.get()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(evaluations.get()).isZero();
    assertThat(released.get()).isEqualTo(1);
    assertThat(counter("tme.check.failures", "deadline_exceeded")).isEqualTo(1);
  }

  @Test
  void aCheckWithTimeLeftIsEvaluatedWithinItsDeadline() {
    CheckEvaluator evaluator = evaluator(CheckSettings.DEFAULTS, EngineMode.BLOCK);
    TimedCall call = new TimedCall(now.get(), 50 * MS);
    now.addAndGet(49 * MS);

    assertThat(evaluator.evaluate(call, () -> {})).isEqualTo(CheckOutcome.ALLOWED);
    assertThat(budgetSeen.get().over()).isFalse();
    now.addAndGet(MS);
    assertThat(budgetSeen.get().over()).as("the budget ends at the call's deadline").isTrue();
  }

  @Test
  void theConfiguredBudgetAppliesWhenItEndsBeforeTheDeadline() {
    CheckEvaluator evaluator =
        evaluator(settings(Duration.ofMillis(10), CheckSettings.Partial.INSPECT), EngineMode.BLOCK);
    evaluator.evaluate(new TimedCall(now.get(), 50 * MS), () -> {});
    now.addAndGet(10 * MS - 1);
    assertThat(budgetSeen.get().over()).isFalse();
    now.addAndGet(1);
    assertThat(budgetSeen.get().over()).isTrue();
  }

  @Test
  void withoutBudgetOrDeadlineTheEngineGetsNone() {
    CheckEvaluator evaluator = evaluator(CheckSettings.DEFAULTS, EngineMode.BLOCK);
    evaluator.evaluate(new RecordingCall(), () -> {});
    assertThat(budgetSeen.get()).isSameAs(TimeBudget.NONE);
  }

  @Test
  void anEvaluationOverBudgetIsMarkedPartialAndCounted() {
    TimedCall call = new TimedCall(now.get(), 70 * MS);
    evaluatorThatAdvancesDuringEvaluation(CheckSettings.Partial.INSPECT).evaluate(call, () -> {});

    CheckResponse response = (CheckResponse) call.result.get();
    assertThat(response.getStatus().getCode()).isZero();
    assertThat(response.getDynamicMetadata().getFieldsMap().get("tme.partial").getStringValue())
        .isEqualTo("over-budget");
    assertThat(counter("tme.check.partial", "over_budget")).isEqualTo(1);
  }

  @Test
  void anEvaluationOverBudgetIsDeniedWhenThePolicySaysSoInBlockMode() {
    TimedCall call = new TimedCall(now.get(), 70 * MS);
    evaluatorThatAdvancesDuringEvaluation(CheckSettings.Partial.DENY).evaluate(call, () -> {});
    CheckResponse response = (CheckResponse) call.result.get();
    assertThat(response.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
    assertThat(response.getDynamicMetadata().getFieldsMap().get("tme.partial").getStringValue())
        .isEqualTo("over-budget");
  }

  /** An evaluator whose engine moves the clock past a 10 ms budget while it evaluates. */
  private CheckEvaluator evaluatorThatAdvancesDuringEvaluation(CheckSettings.Partial policy) {
    Engine slow =
        new Engine() {
          @Override
          public Decision evaluate(RequestView request) {
            throw new AssertionError("the evaluator passes a budget");
          }

          @Override
          public Decision evaluate(RequestView request, TimeBudget budget) {
            now.addAndGet(11 * MS);
            return engine.evaluate(request, budget);
          }
        };
    return new CheckEvaluator(
        slow,
        new CheckResponses(BlockingSettings.of(403, "x")),
        Capture.OFF,
        new CheckMetrics(meters),
        DenialLog.OFF,
        new PartialChecks(settings(Duration.ofMillis(10), policy), EngineMode.BLOCK, now::get));
  }
}
