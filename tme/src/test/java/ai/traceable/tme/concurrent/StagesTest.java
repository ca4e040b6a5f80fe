package ai.traceable.tme.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import scala.concurrent.Promise;
import scala.jdk.javaapi.FutureConverters;

class StagesTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A stage as Pekko's Java API returns it: a Scala future converted for Java. */
  private static <T> CompletionStage<T> pekkoStyle(Promise<T> promise) {
    return FutureConverters.asJava(promise.future());
  }

  @Test
  void chainedStagesRunOnTheThreadThatCompletes() throws Exception {
    Promise<String> promise = Promise.apply();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CompletableFuture<Integer> chained =
        Stages.plain(pekkoStyle(promise))
            .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS)
            .thenApply(
                s -> {
                  ranOn.set(Thread.currentThread());
                  return s.length();
                });
    Thread completer = new Thread(() -> promise.success("abc"), "completer");
    completer.start();
    completer.join(WAIT.toMillis());

    assertThat(chained.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(3);
    // not a thread started for the task, nor a pool's: the completing thread itself
    assertThat(ranOn.get()).isSameAs(completer);
  }

  @Test
  void aFailureIsPassedOn() {
    Promise<String> promise = Promise.apply();
    CompletableFuture<String> plain = Stages.plain(pekkoStyle(promise));
    promise.failure(new IllegalStateException("refused"));
    assertThatThrownBy(() -> plain.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("refused");
  }

  @Test
  void anAlreadyCompletedStageGivesACompletedFuture() {
    CompletableFuture<String> plain =
        Stages.plain(pekkoStyle(Promise.<String>apply().success("done")));
    assertThat(plain).isCompletedWithValue("done");
  }
}
