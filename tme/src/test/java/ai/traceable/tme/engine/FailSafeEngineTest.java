package ai.traceable.tme.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.inspect.RequestView;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailSafeEngineTest {
  private static final RequestView REQUEST =
      new RequestView("GET", "/", "h", Map.of(), new byte[0], false, "10.0.0.1", 1);

  private static Decision explode(RequestView request) {
    throw new IllegalStateException("broken rule");
  }

  @Test
  void anEngineErrorBecomesAFailOpenAllowWhenPolicyIsAllow() {
    FailSafeEngine engine = new FailSafeEngine(FailSafeEngineTest::explode, OnError.ALLOW);
    Decision decision = engine.evaluate(REQUEST);
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(((Decision.Allow) decision).failedOpen()).isTrue();
    assertThat(engine.errorCount()).isEqualTo(1);
  }

  @Test
  void anEngineErrorBecomesAFailClosedDenyWhenPolicyIsDeny() {
    FailSafeEngine engine = new FailSafeEngine(FailSafeEngineTest::explode, OnError.DENY);
    Decision first = engine.evaluate(REQUEST);
    engine.evaluate(REQUEST);
    assertThat(first).isInstanceOf(Decision.Deny.class);
    assertThat(((Decision.Deny) first).failedClosed()).isTrue();
    assertThat(engine.errorCount()).isEqualTo(2);
  }

  @Test
  void decisionsOfAHealthyEnginePassThroughUnchanged() {
    Decision deny = new Decision.Deny(java.util.List.of(), false, 5);
    FailSafeEngine engine = new FailSafeEngine(request -> deny, OnError.ALLOW);
    assertThat(engine.evaluate(REQUEST)).isSameAs(deny);
    assertThat(engine.errorCount()).isZero();
  }

  @Test
  void stackOverflowInsideTheEngineIsContained() {
    FailSafeEngine engine =
        new FailSafeEngine(
            request -> {
              throw new StackOverflowError();
            },
            OnError.ALLOW);
    assertThat(engine.evaluate(REQUEST)).isInstanceOf(Decision.Allow.class);
  }
}
