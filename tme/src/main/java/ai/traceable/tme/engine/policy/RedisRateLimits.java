package ai.traceable.tme.engine.policy;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit buckets kept in Redis (bucket4j over Lettuce, compare-and-swap), so every replica
 * counts against the same limit.
 *
 * <p>Redis never holds up a check for longer than {@code timeout}: when it does not answer in time,
 * refuses, or is not connected, {@link #tryConsume} returns null, the caller uses its local bucket
 * (fail open to per-replica limits) and the fallback is counted. After a failure Redis is not asked
 * again for {@code retryAfter}, so an outage costs one timeout per interval, not one per check.
 * Connecting happens in the background; checks never wait for it. Thread-safe.
 */
public final class RedisRateLimits implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisRateLimits.class);

  private final RedisClient client;
  private final RedisURI uri;
  private final Duration timeout;
  private final long retryAfterNanos;
  private final String keyPrefix;
  private final AtomicReference<AsyncProxyManager<String>> proxies = new AtomicReference<>();
  private final AtomicReference<StatefulRedisConnection<String, byte[]>> connection =
      new AtomicReference<>();
  private final AtomicBoolean connecting = new AtomicBoolean();
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private volatile long pausedUntil = System.nanoTime();
  private volatile boolean closed;

  /**
   * @param uri a Redis URI such as {@code redis://127.0.0.1:6379/0}
   * @param timeout the longest a check waits for Redis
   * @param retryAfter how long Redis is left alone after a failure
   * @param keyPrefix prepended to every key tme writes
   */
  public RedisRateLimits(String uri, Duration timeout, Duration retryAfter, String keyPrefix) {
    this.uri = RedisURI.create(uri);
    this.timeout = timeout;
    this.retryAfterNanos = retryAfter.toNanos();
    this.keyPrefix = keyPrefix;
    this.client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // fail at once while disconnected instead of queueing commands for later
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
            .build());
    connectInBackground();
  }

  /**
   * Takes one token of the shared bucket {@code key}; null when Redis could not answer within the
   * timeout (the caller then applies its local bucket).
   */
  Boolean tryConsume(String key, BucketConfiguration configuration) {
    AsyncProxyManager<String> p = proxies.get();
    if (p == null) {
      connectInBackground();
      fallbacks.increment();
      return null;
    }
    if (System.nanoTime() - pausedUntil < 0) {
      fallbacks.increment();
      return null;
    }
    try {
      return p.builder()
          .build(keyPrefix + key, configuration)
          .tryConsume(1)
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      failed(e);
      fallbacks.increment();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fallbacks.increment();
      return null;
    }
  }

  private void failed(Exception e) {
    failures.increment();
    boolean first = System.nanoTime() - pausedUntil >= 0;
    pausedUntil = System.nanoTime() + retryAfterNanos;
    if (first) {
      log.warn(
          "redis {} failed ({}); rate limits use local counters for {} ms",
          uri.getHost() + ":" + uri.getPort(),
          e.toString(),
          TimeUnit.NANOSECONDS.toMillis(retryAfterNanos));
    }
  }

  private void connectInBackground() {
    if (closed || System.nanoTime() - pausedUntil < 0 || !connecting.compareAndSet(false, true)) {
      return;
    }
    client
        .connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri)
        .whenComplete(
            (conn, error) -> {
              connecting.set(false);
              if (error != null) {
                failed(error instanceof Exception ex ? ex : new RuntimeException(error));
                return;
              }
              if (closed) {
                conn.closeAsync();
                return;
              }
              connection.set(conn);
              proxies.set(
                  Bucket4jLettuce.casBasedBuilder(conn)
                      .expirationAfterWrite(
                          ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                              Duration.ofSeconds(10)))
                      .build()
                      .asAsync());
              log.info(
                  "redis {}:{} connected for shared rate limits", uri.getHost(), uri.getPort());
            });
  }

  /** Checks that used local counters because Redis was unavailable, since start. */
  public long fallbacks() {
    return fallbacks.sum();
  }

  /** Redis calls that failed or timed out, since start. */
  public long failures() {
    return failures.sum();
  }

  /** Whether a connection has been made (it may have dropped since). */
  public boolean connected() {
    return proxies.get() != null;
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, byte[]> c = connection.getAndSet(null);
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
