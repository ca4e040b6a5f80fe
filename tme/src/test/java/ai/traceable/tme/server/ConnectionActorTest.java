package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.config.BlockingSettings;
import ai.traceable.tme.config.ConnectionSettings;
import ai.traceable.tme.engine.Decision;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ConnectionActorTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40001);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Records how the call was completed. */
  private static final class RecordingCall implements CheckCall {
    final AtomicReference<Object> result = new AtomicReference<>();
    private final long received = System.nanoTime();

    @Override
    public long receivedNanos() {
      return received;
    }

    @Override
    public CheckRequest request() {
      return Requests.get("/x");
    }

    @Override
    public void reply(CheckResponse response) {
      result.compareAndSet(null, response);
    }

    @Override
    public void fail(Status status) {
      result.compareAndSet(null, status.getCode());
    }
  }

  private final ConcurrentLinkedQueue<Runnable> engineQueue = new ConcurrentLinkedQueue<>();
  private final CheckEvaluator evaluator =
      new CheckEvaluator(
          () -> request -> Decision.Allow.clean(),
          new CheckResponses(BlockingSettings.of(403, "x")));

  private ActorRef<ConnectionActor.Command> spawn(
      Duration idle, int maxInFlight, java.util.function.BooleanSupplier retire) {
    return testKit.spawn(
        ConnectionActor.create(
            PEER, new ConnectionSettings(idle, maxInFlight), engineQueue::add, evaluator, retire));
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
  void admitsUpToTheInFlightLimitAndRejectsTheRestWithResourceExhausted() {
    ActorRef<ConnectionActor.Command> actor = spawn(Duration.ofMinutes(1), 2, () -> false);
    AtomicInteger released = new AtomicInteger();
    List<RecordingCall> calls =
        List.of(new RecordingCall(), new RecordingCall(), new RecordingCall());
    calls.forEach(c -> actor.tell(new ConnectionActor.Check(c, released::incrementAndGet)));

    assertThat(stats(actor).inFlight()).isEqualTo(2);
    assertThat(calls.get(2).result.get()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(calls.get(0).result.get()).isNull();

    runQueuedEvaluations();

    assertThat(calls.get(0).result.get()).isInstanceOf(CheckResponse.class);
    assertThat(calls.get(1).result.get()).isInstanceOf(CheckResponse.class);
    assertThat(released.get()).isEqualTo(3);
    ConnectionActor.Stats after = stats(actor);
    assertThat(after.inFlight()).isZero();
    assertThat(after.outcomes()).isEqualTo(Map.of("allowed", 2L, "rejected", 1L));
  }

  @Test
  void evaluationIsHandedToTheEngineExecutorNotRunInTheActor() {
    ActorRef<ConnectionActor.Command> actor = spawn(Duration.ofMinutes(1), 10, () -> false);
    RecordingCall call = new RecordingCall();
    actor.tell(new ConnectionActor.Check(call, () -> {}));
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
            Duration.ofMillis(100),
            10,
            () -> {
              asked.incrementAndGet();
              return mayRetire.get();
            });
    TestProbe<Object> watcher = testKit.createTestProbe();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() >= 2);
    assertThat(stats(actor).inFlight()).isZero(); // still alive: answered

    mayRetire.set(true);
    watcher.expectTerminated(actor, Duration.ofSeconds(5));
  }

  @Test
  void neverRetiresWhileACheckIsInFlight() {
    AtomicInteger asked = new AtomicInteger();
    ActorRef<ConnectionActor.Command> actor =
        spawn(
            Duration.ofMillis(50),
            10,
            () -> {
              asked.incrementAndGet();
              return true;
            });
    actor.tell(new ConnectionActor.Check(new RecordingCall(), () -> {}));
    // several idle periods pass while the evaluation is queued
    TestProbe<ConnectionActor.Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(5),
        () -> {
          actor.tell(new ConnectionActor.GetStats(probe.getRef()));
          assertThat(probe.receiveMessage().inFlight()).isEqualTo(1);
          return null;
        });
    assertThat(asked.get()).isZero();
    runQueuedEvaluations();
    testKit.createTestProbe().expectTerminated(actor, Duration.ofSeconds(5));
  }
}
