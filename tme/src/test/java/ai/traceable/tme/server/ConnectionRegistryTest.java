package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.capture.Capture;
import ai.traceable.tme.config.BlockingSettings;
import ai.traceable.tme.config.ConnectionSettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.metrics.CheckMetrics;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routing, admission and the in-flight limit of one connection, with real connection actors. The
 * engine executor is a queue this thread runs, so a test decides when an evaluation happens; the
 * actors' idle clock and timers are manual.
 */
class ConnectionRegistryTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40002);
  private static final Duration WAIT = Duration.ofSeconds(5);

  // one system per test: a registry names its actors connection-1, connection-2, ...
  private final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private final ManualTime manualTime = ManualTime.get(testKit.system());

  @AfterEach
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private final ConcurrentLinkedQueue<Runnable> engineQueue = new ConcurrentLinkedQueue<>();
  private final AtomicLong nanos = new AtomicLong();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private ConnectionRegistry registry(Duration idle, int maxInFlight) {
    CheckEvaluator evaluator =
        new CheckEvaluator(
            request -> Decision.Allow.clean(),
            new CheckResponses(BlockingSettings.of(403, "x")),
            Capture.OFF,
            new CheckMetrics(meters),
            DenialLog.OFF);
    return new ConnectionRegistry(
        testKit.system(),
        new ConnectionSettings(idle, maxInFlight),
        engineQueue::add,
        evaluator,
        nanos::get);
  }

  /** Waits until the actor has handed {@code n} evaluations to the engine queue. */
  private void awaitQueued(int n) {
    await().atMost(WAIT).until(() -> engineQueue.size() == n);
  }

  private void runQueuedEvaluations() {
    Runnable r;
    while ((r = engineQueue.poll()) != null) {
      r.run();
    }
  }

  private double rejectedByTheLimit() {
    return meters.get("tme.check.failures").tag("reason", "in_flight_limit").counter().count();
  }

  @Test
  void admitsUpToTheInFlightLimitAndRejectsTheRestWithResourceExhausted() {
    ConnectionRegistry registry = registry(Duration.ofMinutes(1), 2);
    List<RecordingCall> calls =
        List.of(new RecordingCall(), new RecordingCall(), new RecordingCall());
    calls.forEach(c -> registry.submit(PEER, c));

    assertThat(registry.checksInFlight()).isEqualTo(2);
    assertThat(calls.get(2).result.get()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(calls.get(0).result.get()).isNull();
    assertThat(rejectedByTheLimit()).isEqualTo(1);

    awaitQueued(2);
    runQueuedEvaluations();

    assertThat(calls.get(0).result.get()).isInstanceOf(CheckResponse.class);
    assertThat(calls.get(1).result.get()).isInstanceOf(CheckResponse.class);
    assertThat(registry.checksInFlight()).isZero();
    assertThat(registry.spawnedActors()).isEqualTo(1);
  }

  /**
   * A client that sends its next check the moment it has an answer, on a connection at its limit:
   * the slot must already be free. A count that is given back only after the answer (let alone when
   * the actor hears of it) refuses the next check.
   */
  @Test
  void aConnectionAtItsLimitAdmitsTheNextCheckAsSoonAsTheLastOneIsAnswered() {
    ConnectionRegistry registry = registry(Duration.ofMinutes(1), 1);
    RecordingCall next = new RecordingCall();
    RecordingCall first =
        new RecordingCall() {
          @Override
          public void reply(CheckResponse response) {
            super.reply(response);
            registry.submit(PEER, next);
          }
        };
    registry.submit(PEER, first);
    awaitQueued(1);

    runQueuedEvaluations();

    assertThat(first.result.get()).isInstanceOf(CheckResponse.class);
    assertThat(next.result.get()).as("admitted, not refused by the limit").isNull();
    assertThat(rejectedByTheLimit()).isZero();
    awaitQueued(1);
    runQueuedEvaluations();
    assertThat(next.result.get()).isInstanceOf(CheckResponse.class);
    assertThat(registry.checksInFlight()).isZero();
  }

  @Test
  void aConnectionWhoseActorRetiredIsServedByANewActor() {
    Duration idle = Duration.ofSeconds(10);
    ConnectionRegistry registry = registry(idle, 10);
    RecordingCall call = new RecordingCall();
    registry.submit(PEER, call);
    awaitQueued(1);
    runQueuedEvaluations();
    assertThat(registry.activeConnections()).isEqualTo(1);

    // three half-timeout ticks: idle for at least one timeout at a tick, so the actor retires
    for (int i = 0; i < 3; i++) {
      nanos.addAndGet(idle.dividedBy(2).toNanos());
      manualTime.timePasses(idle.dividedBy(2));
    }
    await().atMost(WAIT).until(() -> registry.activeConnections() == 0);

    RecordingCall later = new RecordingCall();
    registry.submit(PEER, later);
    awaitQueued(1);
    runQueuedEvaluations();
    assertThat(later.result.get()).isInstanceOf(CheckResponse.class);
    assertThat(registry.spawnedActors()).isEqualTo(2);
  }
}
