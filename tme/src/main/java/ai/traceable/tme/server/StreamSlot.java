package ai.traceable.tme.server;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.KillSwitch;

/**
 * An admitted ext_proc stream's place on its connection: it holds one slot of the connection's
 * {@link InFlightChecks} for the stream's whole life (so the connection's actor cannot go idle
 * under it, and {@code tme.connection.max-in-flight} bounds open streams too) and tells the actor
 * when the stream opens and closes. Thread-safe; {@link #close} acts once.
 */
final class StreamSlot {
  private final ActorRef<ConnectionActor.Command> actor;
  private final InFlightChecks inFlight;
  private final long id;
  private final AtomicBoolean closed = new AtomicBoolean();

  StreamSlot(ActorRef<ConnectionActor.Command> actor, InFlightChecks inFlight, long id) {
    this.actor = actor;
    this.inFlight = inFlight;
    this.id = id;
  }

  /** The stream is running; {@code killSwitch} lets the actor end it. */
  void opened(KillSwitch killSwitch) {
    actor.tell(new ConnectionActor.StreamOpened(id, killSwitch));
  }

  /** The stream ended: gives the slot back and tells the actor how the exchange ended. */
  void close(CheckOutcome outcome) {
    if (closed.compareAndSet(false, true)) {
      inFlight.exit();
      actor.tell(new ConnectionActor.StreamClosed(id, outcome));
    }
  }
}
