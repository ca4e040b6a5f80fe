package ai.traceable.tme.server;

import ai.traceable.tme.config.ConnectionSettings;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Serves the checks of one HTTP/2 connection from Envoy and owns that connection's lifetime and
 * counters by outcome.
 *
 * <p>The actor hands each admitted check's evaluation to the engine executor; it never evaluates
 * itself, so one connection's many concurrent streams run in parallel on every engine thread. The
 * evaluation gives the check's slot back and answers the caller directly, then tells the actor how
 * it ended. Admission and the in-flight limit are decided before a check reaches the actor, on the
 * connection's {@link InFlightChecks}, which the actor reads to know it is idle.
 *
 * <p>It stops when the connection has had nothing in flight for {@code idle-timeout}, but only if
 * the registry agrees that no check is on its way to it (see {@link ConnectionRegistry}). Idle time
 * is read from an injected clock and checked on a Pekko timer, so tests move both with {@code
 * ManualTime} instead of waiting.
 */
public final class ConnectionActor extends AbstractBehavior<ConnectionActor.Command> {

  /** Messages the actor understands. */
  public sealed interface Command {}

  /** Evaluate a check that holds a slot of the connection's {@link InFlightChecks}. */
  record Check(CheckCall call) implements Command {}

  /** A check was refused by the in-flight limit (and already answered); only counted here. */
  enum Rejected implements Command {
    INSTANCE
  }

  /** An evaluation finished. */
  record Completed(CheckOutcome outcome) implements Command {}

  /** Asks for a snapshot of the counters. */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  private enum IdleTick implements Command {
    INSTANCE
  }

  /**
   * A snapshot of one connection's counters.
   *
   * @param peer the remote address of the connection
   * @param inFlight checks admitted and not yet answered
   * @param outcomes finished checks by outcome (rejected ones included)
   */
  public record Stats(String peer, int inFlight, Map<String, Long> outcomes) {}

  private final InetSocketAddress peer;
  private final Executor engineExecutor;
  private final CheckEvaluator evaluator;
  private final InFlightChecks inFlight;
  private final Runnable release;
  private final BooleanSupplier tryRetire;
  private final LongSupplier nanoClock;
  private final long idleNanos;
  private final EnumMap<CheckOutcome, Long> outcomes = new EnumMap<>(CheckOutcome.class);
  private long lastActivityNanos;

  /**
   * @param inFlight the connection's count of checks in flight, taken by the router for each check
   *     it tells this actor
   * @param tryRetire asks the registry to stop routing to this actor; true when no check can reach
   *     it any more and it may stop
   * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime} outside tests)
   */
  static Behavior<Command> create(
      InetSocketAddress peer,
      ConnectionSettings settings,
      Executor engineExecutor,
      CheckEvaluator evaluator,
      InFlightChecks inFlight,
      BooleanSupplier tryRetire,
      LongSupplier nanoClock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new ConnectionActor(
                        context,
                        timers,
                        peer,
                        settings,
                        engineExecutor,
                        evaluator,
                        inFlight,
                        tryRetire,
                        nanoClock)));
  }

  private ConnectionActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      InetSocketAddress peer,
      ConnectionSettings settings,
      Executor engineExecutor,
      CheckEvaluator evaluator,
      InFlightChecks inFlight,
      BooleanSupplier tryRetire,
      LongSupplier nanoClock) {
    super(context);
    this.peer = peer;
    this.engineExecutor = engineExecutor;
    this.evaluator = evaluator;
    this.inFlight = inFlight;
    this.release = inFlight::exit;
    this.tryRetire = tryRetire;
    this.nanoClock = nanoClock;
    this.lastActivityNanos = nanoClock.getAsLong();
    this.idleNanos = settings.idleTimeout().toNanos();
    Duration tick = settings.idleTimeout().dividedBy(2);
    timers.startTimerWithFixedDelay(IdleTick.INSTANCE, tick);
    context.getLog().debug("connection {} opened", peer);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Check.class, this::onCheck)
        .onMessage(Completed.class, this::onCompleted)
        .onMessageEquals(Rejected.INSTANCE, this::onRejected)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessageEquals(IdleTick.INSTANCE, this::onIdleTick)
        .build();
  }

  private Behavior<Command> onCheck(Check check) {
    lastActivityNanos = nanoClock.getAsLong();
    CheckCall call = check.call();
    ActorRef<Command> self = getContext().getSelf();
    try {
      engineExecutor.execute(() -> evaluate(call, self));
    } catch (RejectedExecutionException e) {
      release.run();
      call.fail(Status.UNAVAILABLE.withDescription("tme is shutting down"));
    }
    return this;
  }

  /** Runs on an engine thread, not in the actor. */
  private void evaluate(CheckCall call, ActorRef<Command> self) {
    CheckOutcome outcome = CheckOutcome.INVALID;
    try {
      outcome = evaluator.evaluate(call, release);
    } catch (RuntimeException | StackOverflowError e) {
      // thrown after the slot was given back (the evaluator answers earlier errors itself): while
      // sending the reply, fail() answers instead; after it, fail() is ignored
      evaluator.internalError();
      call.fail(Status.INTERNAL.withDescription("check failed: " + e));
    } finally {
      self.tell(new Completed(outcome));
    }
  }

  private Behavior<Command> onCompleted(Completed completed) {
    lastActivityNanos = nanoClock.getAsLong();
    count(completed.outcome());
    return this;
  }

  private Behavior<Command> onRejected() {
    lastActivityNanos = nanoClock.getAsLong();
    count(CheckOutcome.REJECTED);
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    outcomes.forEach((k, v) -> snapshot.put(k.name().toLowerCase(Locale.ROOT), v));
    get.replyTo().tell(new Stats(peer.toString(), inFlight.current(), Map.copyOf(snapshot)));
    return this;
  }

  private Behavior<Command> onIdleTick() {
    boolean idle =
        inFlight.current() == 0 && nanoClock.getAsLong() - lastActivityNanos >= idleNanos;
    if (idle && tryRetire.getAsBoolean()) {
      getContext().getLog().debug("connection {} idle, stopping after {}", peer, outcomes);
      return Behaviors.stopped();
    }
    return this;
  }

  private void count(CheckOutcome outcome) {
    outcomes.merge(outcome, 1L, Long::sum);
  }
}
