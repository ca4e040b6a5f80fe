package ai.traceable.tme.management;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Readiness check for pekko-management's {@code /ready}: ready once the gRPC port is bound and a
 * rule set is loaded, and no longer once shutdown has begun. Instantiated by pekko-management
 * (configured in tme-pekko.conf under {@code pekko.management.health-checks.readiness-checks}).
 */
public final class ServingCheck implements Supplier<CompletionStage<Boolean>> {
  private final ServingState state;

  public ServingCheck(ActorSystem system) {
    this.state = ServingState.get(system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(state.isReady());
  }
}
