package ai.traceable.tme.engine.policy.limits;

import io.github.bucket4j.BucketConfiguration;

/**
 * Rate-limit buckets that every gateway replica counts against together (the store behind them,
 * such as Redis, lives outside the engine).
 *
 * <p>{@link #tryConsume} runs on the check path, so an implementation answers from memory at once:
 * no I/O, no waiting on another thread, no lock held across I/O. It reconciles with the shared
 * store in the background, which makes the shared limit approximate within a tolerance the
 * implementation documents. Thread-safe.
 */
public interface SharedLimits extends AutoCloseable {

  /** Takes one token of the shared bucket {@code key}; false when the bucket is empty. */
  boolean tryConsume(String key, BucketConfiguration configuration);

  /** Checks decided while the shared store was unreachable, since start. */
  long fallbacks();

  /** Calls to the shared store that failed or timed out, since start. */
  long failures();

  /** Exchanges with the shared store that succeeded, since start. */
  long syncs();

  /** Whether the latest exchange with the shared store succeeded. */
  boolean connected();

  /** Stops reconciling; best effort to hand over what was counted locally. */
  @Override
  void close();
}
