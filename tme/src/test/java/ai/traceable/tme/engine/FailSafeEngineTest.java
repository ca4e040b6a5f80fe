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

  static java.util.stream.Stream<Throwable> errorsOneRequestCanCause() {
    return java.util.stream.Stream.of(
        new OutOfMemoryError("Requested array size exceeds VM limit"),
        new ExceptionInInitializerError(new IllegalStateException("static init")),
        new NoClassDefFoundError("ai/traceable/Missing"),
        new AssertionError("invariant"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("errorsOneRequestCanCause")
  void errorsOneRequestCanCauseBecomeTheOnErrorDecision(Throwable error) {
    FailSafeEngine engine =
        new FailSafeEngine(
            request -> {
              if (error instanceof Error e) {
                throw e;
              }
              throw (RuntimeException) error;
            },
            OnError.DENY);
    assertThat(engine.evaluate(REQUEST)).isInstanceOf(Decision.Deny.class);
    assertThat(engine.errorCount()).isEqualTo(1);
  }
}
