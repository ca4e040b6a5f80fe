package ai.traceable.tme.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.inspect.TimeBudget;
import ai.traceable.tme.rules.RulesLoader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The engine stops when its time budget is over, on a clock the test moves. */
class StagedEngineBudgetTest {
  private static final StagedEngine ENGINE = RulesLoader.loadBundled().engine(EngineMode.BLOCK);
  private static final long DEADLINE = 1_000;

  /** 100 plain headers, then an SQL injection in the JSON body. */
  private static RequestView manyValuesThenAnAttack() {
    Map<String, List<String>> headers = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      headers.put("x-plain-" + i, List.of("value number " + i));
    }
    headers.put("content-type", List.of("application/json"));
    byte[] body =
        "{\"q\":\"1' UNION SELECT password FROM users--\"}".getBytes(StandardCharsets.UTF_8);
    return new RequestView("POST", "/search", "h", headers, body, false, "10.0.0.1", 4000);
  }

  /**
   * A clock that reads {@code before} for its first {@code reads} reads, then past the deadline.
   */
  private static final class SteppingClock implements LongSupplier {
    final AtomicLong reads = new AtomicLong();
    private final long passAfter;

    SteppingClock(long passAfter) {
      this.passAfter = passAfter;
    }

    @Override
    public long getAsLong() {
      return reads.incrementAndGet() > passAfter ? DEADLINE + 1 : 0;
    }
  }

  @Test
  void aBudgetThatNeverRunsOutDecidesAsWithoutOne() {
    SteppingClock clock = new SteppingClock(Long.MAX_VALUE);
    Decision decision =
        ENGINE.evaluate(manyValuesThenAnAttack(), TimeBudget.until(DEADLINE, clock));
    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.partial()).isFalse();
    assertThat(ENGINE.evaluate(manyValuesThenAnAttack())).isInstanceOf(Decision.Deny.class);
  }

  @Test
  void aBudgetOverBeforeDetectionSkipsItAndTheAllowIsPartial() {
    // a handful of values, fewer than detection inspects between two looks at the clock: only
    // the look before detection can stop it
    RequestView attack = sqlInjectionInTheQuery();
    assertThat(ENGINE.evaluate(attack)).isInstanceOf(Decision.Deny.class);

    SteppingClock clock = new SteppingClock(0);
    Decision decision = ENGINE.evaluate(attack, TimeBudget.until(DEADLINE, clock));
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(decision.partial()).isTrue();
    assertThat(decision.findings()).isEmpty();
    assertThat(clock.reads.get()).isEqualTo(1);
  }

  private static RequestView sqlInjectionInTheQuery() {
    return new RequestView(
        "GET", "/?id=1%27%20OR%20%271%27=%271", "h", Map.of(), new byte[0], false, "10.0.0.1", 1);
  }

  @Test
  void aBudgetThatRunsOutDuringDetectionStopsItAtTheNextLookAtTheClock() {
    SteppingClock clock = new SteppingClock(1); // the look before detection passes, the next fails
    Decision decision =
        ENGINE.evaluate(manyValuesThenAnAttack(), TimeBudget.until(DEADLINE, clock));
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(decision.partial()).isTrue();
    assertThat(clock.reads.get()).isEqualTo(2);
  }

  @Test
  void detectionLooksAtTheClockOncePerSixteenValues() {
    SteppingClock clock = new SteppingClock(Long.MAX_VALUE);
    ENGINE.evaluate(manyValuesThenAnAttack(), TimeBudget.until(DEADLINE, clock));
    // about 100 values: 1 look before detection and one per 16 values, never one per value
    assertThat(clock.reads.get()).isBetween(5L, 12L);
  }

  @Test
  void aDenialIsFinalEvenWhenTheBudgetIsOver() {
    RequestView attack =
        new RequestView(
            "GET",
            "/?id=1%27%20OR%20%271%27=%271",
            "h",
            Map.of(),
            new byte[0],
            false,
            "10.0.0.1",
            1);
    SteppingClock clock = new SteppingClock(1);
    Decision decision = ENGINE.evaluate(attack, TimeBudget.until(DEADLINE, clock));
    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.partial()).isFalse();
  }
}
