package ai.traceable.tme.server;

import ai.traceable.tme.config.ConnectionSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * Routes each check (and admits each ext_proc stream) to the {@link ConnectionActor} of the HTTP/2
 * connection it arrived on, keyed by the connection's remote address, spawning the actor on the
 * connection's first call.
 *
 * <p>Thread-safe; called from Pekko HTTP's threads. No {@code ask}: a check is a {@code tell}
 * carrying its own completion.
 *
 * <p>Admission happens here, in one atomic step on the connection's {@link InFlightChecks}: a check
 * takes a slot and is told to the actor, or finds the connection at {@code
 * tme.connection.max-in-flight} and is answered at once ({@code RESOURCE_EXHAUSTED}, or a denial
 * under {@code tme.check.on-overload = deny}), or finds the actor retired. An idle actor may stop
 * while another thread is about to route a check to it; it retires only by swapping a count of zero
 * for the "retired" mark, and a router that finds the mark removes the entry and spawns a new
 * actor, so no check is ever told to a stopped actor.
 */
public final class ConnectionRegistry {
  private final ActorSystem<?> system;
  private final ConnectionSettings settings;
  private final Executor engineExecutor;
  private final CheckEvaluator evaluator;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<InetSocketAddress, Entry> connections = new ConcurrentHashMap<>();
  private final AtomicLong spawned = new AtomicLong();
  private final AtomicLong streams = new AtomicLong();
  // striped: every check bumps it, from many threads; read only while shutting down
  private final LongAdder arrived = new LongAdder();

  /**
   * @param nanoClock the connection actors' clock for idle time ({@code System::nanoTime} outside
   *     tests)
   */
  ConnectionRegistry(
      ActorSystem<?> system,
      ConnectionSettings settings,
      Executor engineExecutor,
      CheckEvaluator evaluator,
      LongSupplier nanoClock) {
    this.system = system;
    this.settings = settings;
    this.engineExecutor = engineExecutor;
    this.evaluator = evaluator;
    this.nanoClock = nanoClock;
  }

  private static final class Entry {
    final InFlightChecks inFlight;
    volatile ActorRef<ConnectionActor.Command> actor;

    Entry(InFlightChecks inFlight) {
      this.inFlight = inFlight;
    }
  }

  /** Routes a check to its connection's actor, or answers it at once when the limit is reached. */
  void submit(InetSocketAddress peer, CheckCall call) {
    arrived.increment();
    while (true) {
      Entry entry = connections.computeIfAbsent(peer, this::spawn);
      switch (entry.inFlight.enter()) {
        case ADMITTED -> {
          entry.actor.tell(new ConnectionActor.Check(call));
          return;
        }
        case FULL -> {
          evaluator.reject(call);
          entry.actor.tell(ConnectionActor.Rejected.INSTANCE);
          return;
        }
        case RETIRED -> connections.remove(peer, entry);
      }
    }
  }

  /**
   * Admits an ext_proc stream on its connection: a slot held for the stream's life, or null when
   * the connection is at its in-flight limit (counted as rejected).
   */
  StreamSlot openStream(InetSocketAddress peer) {
    arrived.increment();
    while (true) {
      Entry entry = connections.computeIfAbsent(peer, this::spawn);
      switch (entry.inFlight.enter()) {
        case ADMITTED -> {
          return new StreamSlot(entry.actor, entry.inFlight, streams.incrementAndGet());
        }
        case FULL -> {
          evaluator.rejected();
          entry.actor.tell(ConnectionActor.Rejected.INSTANCE);
          return null;
        }
        case RETIRED -> connections.remove(peer, entry);
      }
    }
  }

  private Entry spawn(InetSocketAddress peer) {
    Entry entry = new Entry(new InFlightChecks(settings.maxInFlight()));
    entry.actor =
        system.systemActorOf(
            ConnectionActor.create(
                peer,
                settings,
                engineExecutor,
                evaluator,
                entry.inFlight,
                () -> retire(peer, entry),
                nanoClock),
            "connection-" + spawned.incrementAndGet(),
            Props.empty());
    return entry;
  }

  private boolean retire(InetSocketAddress peer, Entry entry) {
    if (entry.inFlight.retire()) {
      connections.remove(peer, entry);
      return true;
    }
    return false;
  }

  /** Checks admitted and not yet answered, over all connections. */
  public long checksInFlight() {
    long sum = 0;
    for (Entry e : connections.values()) {
      sum += e.inFlight.current();
    }
    return sum;
  }

  /**
   * Checks and ext_proc streams that arrived since start, admitted or not. Shutdown reads it to
   * tell whether the clients have stopped sending.
   */
  public long checksArrived() {
    return arrived.sum();
  }

  /** The actors of the connections that have one now (for stats). */
  java.util.List<ActorRef<ConnectionActor.Command>> actors() {
    return connections.values().stream().map(e -> e.actor).toList();
  }

  /** Connections that currently have an actor. */
  public int activeConnections() {
    return connections.size();
  }

  /** Actors spawned since start (each connection, and each return after idling, spawns one). */
  public long spawnedActors() {
    return spawned.get();
  }
}
