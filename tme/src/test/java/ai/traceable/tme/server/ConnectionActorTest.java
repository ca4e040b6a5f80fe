package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.config.BlockingSettings;
import ai.traceable.tme.config.ConnectionSettings;
import ai.traceable.tme.engine.Decision;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Time is manual: the idle timer runs on Pekko's {@link ManualTime} scheduler and the actor reads
 * {@link #nanos}, and {@link #timePasses} moves both, so idle behaviour is tested without waiting.
 */
class ConnectionActorTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40001);

  /** The idle timeout of the tests that move time; the actor checks it every half timeout. */
  private static final Duration IDLE = Duration.ofSeconds(10);

  private static final Duration TICK = IDLE.dividedBy(2);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final ConcurrentLinkedQueue<Runnable> engineQueue = new ConcurrentLinkedQueue<>();
  private final AtomicLong nanos = new AtomicLong();
  private final InFlightChecks inFlight = new InFlightChecks(100);
  private final CheckEvaluator evaluator =
      new CheckEvaluator(
          request -> Decision.Allow.clean(), new CheckResponses(BlockingSettings.of(403, "x")));

  /** Spawns an actor and waits until it has started, so its idle timer is on the scheduler. */
  private ActorRef<ConnectionActor.Command> spawn(
      Duration idle, java.util.function.BooleanSupplier retire) {
    return spawn(idle, engineQueue::add, retire);
  }

  private ActorRef<ConnectionActor.Command> spawn(
      Duration idle, Executor engine, java.util.function.BooleanSupplier retire) {
    ActorRef<ConnectionActor.Command> actor =
        testKit.spawn(
            ConnectionActor.create(
                PEER,
                new ConnectionSettings(idle, 100),
                engine,
                evaluator,
                inFlight,
                retire,
                nanos::get));
    stats(actor);
    return actor;
  }

  /** Takes a slot and tells the check, as the registry does. */
  private void check(ActorRef<ConnectionActor.Command> actor, CheckCall call) {
    assertThat(inFlight.enter()).isEqualTo(InFlightChecks.Admission.ADMITTED);
    actor.tell(new ConnectionActor.Check(call));
  }

  /**
   * Moves the actor's clock and the scheduler forward together, one idle tick at a time, so each
   * tick sees the clock as it would be at that tick ({@code ManualTime} pauses 100 ms per call, so
   * the steps are not finer). The ticks are sent on this thread, so a message told afterwards
   * reaches the actor after them.
   */
  private void timePasses(int ticks) {
    for (int i = 0; i < ticks; i++) {
      nanos.addAndGet(TICK.toNanos());
      manualTime.timePasses(TICK);
    }
  }

  private void runQueuedEvaluations() {
    Runnable r;
    while ((r = engineQueue.poll()) != null) {
      r.run();
    }
  }

  private ConnectionActor.Stats stats(ActorRef<ConnectionActor.Command> actor) {
    TestProbe<ConnectionActor.Stats> probe = testKit.createTestProbe();
    actor.tell(new ConnectionActor.GetStats(probe.getRef()));
    return probe.receiveMessage();
  }

  @Test
  void countsAnsweredAndRejectedChecksByOutcomeAndGivesEverySlotBack() {
    ActorRef<ConnectionActor.Command> actor = spawn(Duration.ofMinutes(1), () -> false);
    List<RecordingCall> calls = List.of(new RecordingCall(), new RecordingCall());
    calls.forEach(c -> check(actor, c));
    actor.tell(ConnectionActor.Rejected.INSTANCE);

    assertThat(stats(actor).inFlight()).isEqualTo(2);
    assertThat(calls.get(0).result.get()).isNull();

    runQueuedEvaluations();

    assertThat(calls.get(0).result.get()).isInstanceOf(CheckResponse.class);
    assertThat(calls.get(1).result.get()).isInstanceOf(CheckResponse.class);
    ConnectionActor.Stats after = stats(actor);
    assertThat(after.inFlight()).isZero();
    assertThat(after.outcomes()).isEqualTo(Map.of("allowed", 2L, "rejected", 1L));
  }

  @Test
  void aCheckTheEngineExecutorRefusesIsAnsweredUnavailableAndGivesItsSlotBack() {
    ActorRef<ConnectionActor.Command> actor =
        spawn(
            Duration.ofMinutes(1),
            task -> {
              throw new RejectedExecutionException("shut down");
            },
            () -> false);
    RecordingCall call = new RecordingCall();
    check(actor, call);

    assertThat(stats(actor).inFlight()).isZero();
    assertThat(call.result.get()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void evaluationIsHandedToTheEngineExecutorNotRunInTheActor() {
    ActorRef<ConnectionActor.Command> actor = spawn(Duration.ofMinutes(1), () -> false);
    RecordingCall call = new RecordingCall();
    check(actor, call);
    assertThat(stats(actor).inFlight()).isEqualTo(1);
    assertThat(call.result.get()).isNull();
    assertThat(engineQueue).hasSize(1);
    runQueuedEvaluations();
    assertThat(call.result.get()).isInstanceOf(CheckResponse.class);
  }

  @Test
  void stopsWhenIdleOnlyOnceTheRegistryLetsItRetire() {
    AtomicBoolean mayRetire = new AtomicBoolean(false);
    AtomicInteger asked = new AtomicInteger();
    ActorRef<ConnectionActor.Command> actor =
        spawn(
            IDLE,
            () -> {
              asked.incrementAndGet();
              return mayRetire.get();
            });
    TestProbe<Object> watcher = testKit.createTestProbe();

    timePasses(6);
    assertThat(stats(actor).inFlight()).isZero(); // still alive: answered after the ticks
    assertThat(asked.get()).isGreaterThanOrEqualTo(2);

    mayRetire.set(true);
    timePasses(1);
    watcher.expectTerminated(actor);
  }

  @Test
  void neverRetiresWhileACheckIsInFlight() {
    AtomicInteger asked = new AtomicInteger();
    ActorRef<ConnectionActor.Command> actor =
        spawn(
            IDLE,
            () -> {
              asked.incrementAndGet();
              return true;
            });
    check(actor, new RecordingCall());
    assertThat(stats(actor).inFlight()).isEqualTo(1);

    // three idle timeouts (six ticks) pass while the evaluation is still queued
    timePasses(6);
    // an actor that retired at one of those ticks never answers, and this times out
    assertThat(stats(actor).inFlight()).as("alive after the idle ticks").isEqualTo(1);
    assertThat(asked.get()).as("asked the registry to retire").isZero();

    runQueuedEvaluations();
    assertThat(stats(actor).inFlight()).isZero();
    timePasses(2); // idle for one timeout: retires at the second tick
    testKit.createTestProbe().expectTerminated(actor);
    assertThat(asked.get()).isEqualTo(1);
  }
}
