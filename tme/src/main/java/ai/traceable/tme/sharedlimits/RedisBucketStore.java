package ai.traceable.tme.sharedlimits;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets kept in Redis (bucket4j's compare-and-swap buckets over Lettuce's asynchronous API), so
 * that every replica draws from the same ones. Connects in the background and reconnects by itself;
 * while it is disconnected every call fails at once instead of queueing. Thread-safe.
 */
final class RedisBucketStore implements BucketStore {
  private static final Logger log = LoggerFactory.getLogger(RedisBucketStore.class);

  private final RedisClient client;
  private final RedisURI uri;
  private final String keyPrefix;
  private final AtomicReference<CompletableFuture<Connected>> connection = new AtomicReference<>();
  private volatile boolean closed;

  /** An open connection and the bucket4j buckets over it. */
  private record Connected(
      StatefulRedisConnection<String, byte[]> connection, AsyncProxyManager<String> buckets) {}

  /**
   * @param uri a Redis URI such as {@code redis://127.0.0.1:6379/0}
   * @param timeout the longest one Redis command may take before it fails
   * @param keyPrefix prepended to every key written
   */
  RedisBucketStore(String uri, Duration timeout, String keyPrefix) {
    this.uri = RedisURI.create(uri);
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
    connected();
  }

  @Override
  public CompletableFuture<Long> consume(
      String key, BucketConfiguration configuration, long tokens) {
    return connected()
        .thenCompose(
            c -> {
              AsyncBucketProxy bucket =
                  c.buckets()
                      .builder()
                      .build(
                          keyPrefix + key, () -> CompletableFuture.completedFuture(configuration));
              if (tokens == 0) {
                return bucket.getAvailableTokens();
              }
              return bucket
                  .asVerbose()
                  .tryConsumeAsMuchAsPossible(tokens)
                  .thenApply(r -> r.getDiagnostics().getAvailableTokens());
            });
  }

  @Override
  public CompletableFuture<Void> ping() {
    return connected()
        .thenCompose(c -> c.connection().async().ping().toCompletableFuture())
        .thenApply(pong -> null);
  }

  /**
   * The connection, made on first use and again after a failed attempt (Lettuce reconnects an
   * established one by itself). Callers wait on the future, never on this method.
   */
  private CompletableFuture<Connected> connected() {
    CompletableFuture<Connected> current = connection.get();
    if (closed || (current != null && !current.isCompletedExceptionally())) {
      return current;
    }
    CompletableFuture<Connected> next =
        client
            .connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri)
            .toCompletableFuture()
            .thenApply(this::opened);
    if (!connection.compareAndSet(current, next)) {
      next.thenAccept(c -> c.connection().closeAsync());
      return connection.get();
    }
    return next;
  }

  private Connected opened(StatefulRedisConnection<String, byte[]> conn) {
    log.info("redis {}:{} connected for shared rate limits", uri.getHost(), uri.getPort());
    return new Connected(
        conn,
        Bucket4jLettuce.casBasedBuilder(conn)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .build()
            .asAsync());
  }

  @Override
  public String toString() {
    return "redis " + uri.getHost() + ":" + uri.getPort();
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<Connected> c =
        connection.getAndSet(CompletableFuture.failedFuture(new IllegalStateException("closed")));
    if (c != null) {
      c.thenAccept(open -> open.connection().close());
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
