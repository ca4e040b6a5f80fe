package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The wait for checks in flight, and for clients to stop sending, at shutdown, on Pekko's manual
 * scheduler: the grace and the quiet time are moved past by hand, not waited for.
 */
class ShutdownDrainTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration QUIET = Duration.ofMillis(200);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final AtomicLong inFlight = new AtomicLong();

  private CompletableFuture<Boolean> drain() {
    return ExtAuthzServer.awaitNoChecksInFlight(testKit.system(), inFlight::get, GRACE, POLL)
        .toCompletableFuture();
  }

  @Test
  void endsAtTheFirstPollThatFindsNothingInFlight() throws Exception {
    inFlight.set(3);
    CompletableFuture<Boolean> drained = drain();
    manualTime.timePasses(POLL.multipliedBy(10));
    assertThat(drained).isNotDone();

    inFlight.set(0);
    manualTime.timePasses(POLL);

    assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void givesUpWhenTheGraceHasPassedAndNotBefore() throws Exception {
    inFlight.set(2);
    CompletableFuture<Boolean> drained = drain();

    manualTime.timePasses(GRACE.minus(POLL));
    assertThat(drained).isNotDone();
    manualTime.timePasses(POLL);

    assertThat(drained.get(5, TimeUnit.SECONDS)).isFalse();
  }

  private final AtomicLong arrived = new AtomicLong();

  private CompletableFuture<Boolean> drainWhenQuiet() {
    return ExtAuthzServer.awaitQuiet(
            testKit.system(),
            inFlight::get,
            arrived::get,
            new ExtAuthzServer.DrainTiming(GRACE, POLL, QUIET))
        .toCompletableFuture();
  }

  @Test
  void waitsUntilNoCheckHasArrivedForTheQuietTime() throws Exception {
    CompletableFuture<Boolean> drained = drainWhenQuiet();
    for (int i = 0; i < 5; i++) {
      arrived.incrementAndGet();
      manualTime.timePasses(POLL.multipliedBy(3));
    }
    assertThat(drained).as("nothing in flight, but checks keep arriving").isNotDone();

    // the last arrival was seen by the poll two polls ago
    manualTime.timePasses(QUIET.minus(POLL.multipliedBy(4)));
    assertThat(drained).as("quiet for less than the quiet time").isNotDone();
    manualTime.timePasses(POLL.multipliedBy(4));

    assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void quietWithChecksInFlightWaitsForThem() throws Exception {
    inFlight.set(1);
    CompletableFuture<Boolean> drained = drainWhenQuiet();
    manualTime.timePasses(QUIET.multipliedBy(3));
    assertThat(drained).isNotDone();

    inFlight.set(0);
    manualTime.timePasses(POLL);

    assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void checksThatNeverStopArrivingEndTheWaitAtTheGrace() throws Exception {
    CompletableFuture<Boolean> drained = drainWhenQuiet();
    // one check just before each quiet time is over, until the grace is nearly over
    Duration step = QUIET.minus(POLL);
    Duration passed = Duration.ZERO;
    while (passed.plus(step).compareTo(GRACE) < 0) {
      arrived.incrementAndGet();
      manualTime.timePasses(step);
      passed = passed.plus(step);
    }
    assertThat(drained).isNotDone();
    arrived.incrementAndGet();
    manualTime.timePasses(GRACE.minus(passed));

    assertThat(drained.get(5, TimeUnit.SECONDS)).as("nothing was in flight").isTrue();
  }

  @Test
  void nothingInFlightEndsAtOnce() throws Exception {
    CompletableFuture<Boolean> drained = drain();
    manualTime.timePasses(Duration.ZERO);
    assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
  }
}
