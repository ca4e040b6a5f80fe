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
 * The wait for checks in flight at shutdown, on Pekko's manual scheduler: the grace is moved past
 * by hand, not waited for.
 */
class ShutdownDrainTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(20);

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

  @Test
  void nothingInFlightEndsAtOnce() throws Exception {
    CompletableFuture<Boolean> drained = drain();
    manualTime.timePasses(Duration.ZERO);
    assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
  }
}
