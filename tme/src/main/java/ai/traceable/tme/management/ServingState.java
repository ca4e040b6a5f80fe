package ai.traceable.tme.management;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * Whether this tme instance can serve checks: the gRPC port is bound, a rule set is loaded, and
 * shutdown has not begun. One per actor system; thread-safe.
 */
public final class ServingState implements Extension {
  private final AtomicBoolean grpcBound = new AtomicBoolean();
  private final AtomicBoolean rulesLoaded = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Looks up the instance of an actor system. */
  public static ServingState get(org.apache.pekko.actor.ActorSystem system) {
    return Id.INSTANCE.get(system);
  }

  /** Looks up the instance of a typed actor system. */
  public static ServingState get(org.apache.pekko.actor.typed.ActorSystem<?> system) {
    return Id.INSTANCE.get(system.classicSystem());
  }

  public void markGrpcBound() {
    grpcBound.set(true);
  }

  public void markRulesLoaded() {
    rulesLoaded.set(true);
  }

  public void markStopping() {
    stopping.set(true);
  }

  /** True once bound and loaded, until shutdown begins. */
  public boolean isReady() {
    return grpcBound.get() && rulesLoaded.get() && !stopping.get();
  }

  static final class Id extends AbstractExtensionId<ServingState> implements ExtensionIdProvider {
    static final Id INSTANCE = new Id();

    @Override
    public Id lookup() {
      return INSTANCE;
    }

    @Override
    public ServingState createExtension(ExtendedActorSystem system) {
      return new ServingState();
    }
  }
}
