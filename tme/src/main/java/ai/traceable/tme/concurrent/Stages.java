package ai.traceable.tme.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Completion stages from Pekko's Java API, made safe to chain on.
 *
 * <p>Pekko returns Scala futures converted with {@code FutureConverters}, whose stage runs every
 * dependent registered with a non-async method ({@code thenApply}, {@code whenComplete}, {@code
 * orTimeout}...) asynchronously on the JDK's default executor. With two CPUs or fewer available to
 * the JVM — a sidecar with a CPU limit of 2, or {@code -XX:ActiveProcessorCount=2} — the common
 * pool has one thread, and that default executor then starts a new thread for every task. {@link
 * #plain} hands the outcome to a plain {@link CompletableFuture} on the completing thread, so the
 * stages chained after it run synchronously and start no thread.
 */
public final class Stages {
  private static final Executor SAME_THREAD = Runnable::run;

  private Stages() {}

  /** A plain future completed, on the thread that completes {@code stage}, with its outcome. */
  public static <T> CompletableFuture<T> plain(CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenCompleteAsync(
        (value, error) -> {
          if (error != null) {
            out.completeExceptionally(error);
          } else {
            out.complete(value);
          }
        },
        SAME_THREAD);
    return out;
  }
}
