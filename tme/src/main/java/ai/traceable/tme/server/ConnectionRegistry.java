package ai.traceable.tme.server;

import ai.traceable.tme.config.ConnectionSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * Routes each check to the {@link ConnectionActor} of the HTTP/2 connection it arrived on, keyed by
 * the connection's remote address, spawning the actor on the connection's first call.
 *
 * <p>Thread-safe; called from Pekko HTTP's threads. No {@code ask}: a check is a {@code tell}
 * carrying its own completion.
 *
 * <p>An idle actor may stop while another thread is about to route a check to it. To never lose
 * such a check, every entry counts the checks routed to it and not yet answered; a check is told
 * only after incrementing that count, and an actor may retire only by swapping a count of zero for
 * the "retired" mark. A router that finds an entry retired removes it and spawns a new actor.
 */
public final class ConnectionRegistry {
  private static final int RETIRED = -1;

  private final ActorSystem<?> system;
  private final ConnectionSettings settings;
  private final Executor engineExecutor;
  private final CheckEvaluator evaluator;
  private final ConcurrentHashMap<InetSocketAddress, Entry> connections = new ConcurrentHashMap<>();
  private final AtomicLong spawned = new AtomicLong();

  ConnectionRegistry(
      ActorSystem<?> system,
      ConnectionSettings settings,
      Executor engineExecutor,
      CheckEvaluator evaluator) {
    this.system = system;
    this.settings = settings;
    this.engineExecutor = engineExecutor;
    this.evaluator = evaluator;
  }

  private static final class Entry {
    final AtomicInteger pending = new AtomicInteger();
    volatile ActorRef<ConnectionActor.Command> actor;

    boolean enter() {
      int n;
      do {
        n = pending.get();
        if (n == RETIRED) {
          return false;
        }
      } while (!pending.compareAndSet(n, n + 1));
      return true;
    }

    void exit() {
      pending.decrementAndGet();
    }
  }

  /** Routes a check to its connection's actor. */
  void submit(InetSocketAddress peer, CheckCall call) {
    while (true) {
      Entry entry = connections.computeIfAbsent(peer, this::spawn);
      if (entry.enter()) {
        entry.actor.tell(new ConnectionActor.Check(call, entry::exit));
        return;
      }
      connections.remove(peer, entry);
    }
  }

  private Entry spawn(InetSocketAddress peer) {
    Entry entry = new Entry();
    entry.actor =
        system.systemActorOf(
            ConnectionActor.create(
                peer,
                settings,
                engineExecutor,
                evaluator,
                () -> retire(peer, entry),
                System::nanoTime),
            "connection-" + spawned.incrementAndGet(),
            Props.empty());
    return entry;
  }

  private boolean retire(InetSocketAddress peer, Entry entry) {
    if (entry.pending.compareAndSet(0, RETIRED)) {
      connections.remove(peer, entry);
      return true;
    }
    return false;
  }

  /** Checks routed to an actor and not yet answered, over all connections. */
  public long checksInFlight() {
    long sum = 0;
    for (Entry e : connections.values()) {
      sum += Math.max(0, e.pending.get());
    }
    return sum;
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
