package ai.traceable.tme.engine.policy.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The counters of rate limits and enumeration rules: one bucket4j bucket per rule and key, the
 * distinct values per key, and the keys denied for a while after tripping. One instance lives as
 * long as the process and is shared by every rule set loaded, so a reload does not reset limits.
 *
 * <p>Memory is bounded: each table holds at most {@code maxKeys} keys (least recently used ones are
 * evicted first) and forgets keys idle for {@code idleExpiry}. Evicting a key forgets its count,
 * which only ever errs towards allowing. Thread-safe.
 */
public final class PolicyState implements AutoCloseable {
  /** Defaults used by tests and the offline checker. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  public static final Duration DEFAULT_IDLE_EXPIRY = Duration.ofMinutes(10);
  public static final int DEFAULT_RATE_LIMIT_STATUS = 429;

  private final LongSupplier clock;
  private final TimeMeter timeMeter;
  private final int rateLimitStatus;
  private final SharedLimits shared;
  private final Cache<StateKey, Bucket> buckets;
  private final Cache<StateKey, DistinctValues> enumerations;
  private final Cache<StateKey, Long> penalties;
  private final LongAdder trips = new LongAdder();

  /**
   * @param clock nanoseconds, monotonic ({@link System#nanoTime} in production; tests move it)
   * @param shared buckets shared by every replica (never waits on I/O), or null for local ones only
   */
  public PolicyState(
      int maxKeys,
      Duration idleExpiry,
      int rateLimitStatus,
      LongSupplier clock,
      SharedLimits shared) {
    if (maxKeys <= 0) {
      throw new IllegalArgumentException("maxKeys must be positive");
    }
    if (rateLimitStatus < 400 || rateLimitStatus > 499) {
      throw new IllegalArgumentException("the rate limit status must be within 400-499");
    }
    this.clock = clock;
    this.rateLimitStatus = rateLimitStatus;
    this.shared = shared;
    this.timeMeter = new ClockTimeMeter(clock);
    this.buckets = table(maxKeys, idleExpiry);
    this.enumerations = table(maxKeys, idleExpiry);
    this.penalties =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .ticker(clock::getAsLong)
            .executor(Runnable::run)
            .expireAfter(
                Expiry.<StateKey, Long>creating(
                    (key, until) -> Duration.ofNanos(Math.max(0, until - clock.getAsLong()))))
            .build();
  }

  /** Local state with default bounds and the system clock. */
  public static PolicyState local() {
    return new PolicyState(
        DEFAULT_MAX_KEYS, DEFAULT_IDLE_EXPIRY, DEFAULT_RATE_LIMIT_STATUS, System::nanoTime, null);
  }

  private <V> Cache<StateKey, V> table(int maxKeys, Duration idleExpiry) {
    // maintenance on the calling thread: eviction stays deterministic and needs no pool
    return Caffeine.newBuilder()
        .maximumSize(maxKeys)
        .expireAfterAccess(idleExpiry)
        .ticker(clock::getAsLong)
        .executor(Runnable::run)
        .build();
  }

  /** A rule's counters for one key. */
  private record StateKey(String rule, String key) {}

  public long now() {
    return clock.getAsLong();
  }

  public int rateLimitStatus() {
    return rateLimitStatus;
  }

  /** Counts one request of {@code key} against the rule; true when it is over the limit. */
  public boolean overLimit(RateLimitRule rule, String key) {
    StateKey k = new StateKey(rule.stateKey(), key);
    if (!rule.blockFor().isZero() && penalized(k)) {
      return true;
    }
    boolean allowed = consume(k, rule);
    if (!allowed) {
      trips.increment();
      penalize(k, rule.blockFor());
    }
    return !allowed;
  }

  /** Records a value of {@code key} for the rule; true when the key is over the limit. */
  public boolean enumerated(EnumerationRule rule, String key, String value) {
    StateKey k = new StateKey(rule.stateKey(), key);
    if (!rule.blockFor().isZero() && penalized(k)) {
      return true;
    }
    DistinctValues values = enumerations.get(k, x -> new DistinctValues(rule.limit()));
    boolean over = values.add(digest(value), clock.getAsLong(), rule.period().toNanos());
    if (over) {
      trips.increment();
      penalize(k, rule.blockFor());
    }
    return over;
  }

  private boolean consume(StateKey k, RateLimitRule rule) {
    if (shared != null) {
      return shared.tryConsume(k.rule() + '\u0000' + k.key(), rule.bucket());
    }
    return buckets.get(k, x -> localBucket(rule)).tryConsume(1);
  }

  private Bucket localBucket(RateLimitRule rule) {
    // synchronized: cheaper than the lock-free default, which copies the state on every attempt
    LocalBucketBuilder builder =
        Bucket.builder()
            .withCustomTimePrecision(timeMeter)
            .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED);
    for (Bandwidth b : rule.bucket().getBandwidths()) {
      builder.addLimit(b);
    }
    return builder.build();
  }

  private boolean penalized(StateKey k) {
    Long until = penalties.getIfPresent(k);
    return until != null && clock.getAsLong() - until < 0;
  }

  private void penalize(StateKey k, Duration blockFor) {
    if (!blockFor.isZero()) {
      penalties.put(k, clock.getAsLong() + blockFor.toNanos());
    }
  }

  /** Rate-limit buckets held now (after pending evictions). */
  public long rateLimitKeys() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  /** Enumeration keys held now (after pending evictions). */
  public long enumerationKeys() {
    enumerations.cleanUp();
    return enumerations.estimatedSize();
  }

  /** Times a rate limit or enumeration rule tripped since start. */
  public long trips() {
    return trips.sum();
  }

  /** The shared buckets, or null. */
  public SharedLimits shared() {
    return shared;
  }

  private static long digest(String value) {
    try {
      // cryptographic: a client must not be able to craft values that collide and so go uncounted
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public void close() {
    if (shared != null) {
      shared.close();
    }
  }
}
