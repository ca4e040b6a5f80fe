package ai.traceable.tme.sharedlimits;

import io.github.bucket4j.BucketConfiguration;
import java.util.concurrent.CompletableFuture;

/**
 * The store that holds the cluster-wide buckets, asked asynchronously and only by {@link
 * ReconciledLimits}' background thread. Implementations are thread-safe and never block the caller.
 */
interface BucketStore extends AutoCloseable {

  /**
   * Takes up to {@code tokens} (zero: none) from bucket {@code key}, creating it with {@code
   * configuration} when absent, and completes with the tokens left in it afterwards.
   */
  CompletableFuture<Long> consume(String key, BucketConfiguration configuration, long tokens);

  /** Completes once the store answered a no-op; fails when it cannot be reached. */
  CompletableFuture<Void> ping();

  @Override
  void close();
}
