package ai.traceable.tme.management;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Readiness check behind {@code /ready}: ready once the gRPC port is bound and a rule set is
 * loaded, and no longer once shutdown has begun. Answers from {@link ServingState} at once, on the
 * calling thread; thread-safe.
 */
final class ServingCheck implements Supplier<CompletionStage<Boolean>> {
  private final ServingState state;

  ServingCheck(ServingState state) {
    this.state = state;
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(state.isReady());
  }
}
