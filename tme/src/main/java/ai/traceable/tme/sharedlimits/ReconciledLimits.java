package ai.traceable.tme.sharedlimits;

import ai.traceable.tme.config.PolicySettings;
import ai.traceable.tme.engine.policy.limits.ClockTimeMeter;
import ai.traceable.tme.engine.policy.limits.SharedLimits;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared rate limits decided locally at once and reconciled with a {@link BucketStore} (Redis) in
 * the background.
 *
 * <p>Each key has a mirror: a local bucket with the rule's configuration, which alone decides every
 * check, and the tokens it handed out that the store has not seen yet. Each round (every {@code
 * interval}, on one background thread) sends every key checked since the previous round its unsent
 * tokens, all calls in flight together, and gets back what is left of the cluster-wide bucket; the
 * mirror is then set to that, less what it handed out while the answer travelled. A key checked for
 * the first time, or for the first time in more than an interval, asks for a round at once. Keys
 * not checked are not exchanged, so the store sees at most one call per check, and typically one
 * per key and interval.
 *
 * <p>Tolerance: a replica learns of the others' use of a key at its next exchange of that key, so a
 * key can be over its limit cluster-wide by what each replica allows of it between two of its
 * exchanges: at most one interval plus one round trip of its traffic for the key (one round trip
 * when it had not seen the key recently). A round that fails or does not answer within {@code
 * timeout} is counted, its unsent tokens are dropped (erring towards allowing, as evicting a key
 * does), and the store is left alone for {@code retryAfter}; meanwhile the mirrors go on as
 * per-replica limits, and checks decided then are counted as fallbacks. Thread-safe.
 */
public final class ReconciledLimits implements SharedLimits {
  private static final Logger log = LoggerFactory.getLogger(ReconciledLimits.class);

  private final BucketStore store;
  private final LongSupplier clock;
  private final TimeMeter timeMeter;
  private final long intervalNanos;
  private final long timeoutNanos;
  private final long retryAfterNanos;
  private final Cache<String, Mirror> mirrors;
  private final Queue<Checked> checked = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService syncer;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final AtomicLong rounds = new AtomicLong();
  private volatile boolean connected;
  private volatile long pausedUntil;

  /** One key's local bucket and the tokens it handed out that the store has not seen yet. */
  private static final class Mirror {
    final BucketConfiguration configuration;
    final Bucket bucket;
    final AtomicLong unsent = new AtomicLong();
    volatile long lastUsed;
    volatile boolean checked; // since the last round

    Mirror(BucketConfiguration configuration, Bucket bucket, long lastUsed) {
      this.configuration = configuration;
      this.bucket = bucket;
      this.lastUsed = lastUsed;
    }
  }

  /** A key checked since the last round. */
  private record Checked(String key, Mirror mirror) {}

  /** A key's exchange in one round. */
  private record Exchange(Mirror mirror, CompletableFuture<Long> left) {}

  ReconciledLimits(
      BucketStore store,
      Duration interval,
      Duration timeout,
      Duration retryAfter,
      int maxKeys,
      Duration idleExpiry,
      LongSupplier clock) {
    this.store = store;
    this.clock = clock;
    this.intervalNanos = interval.toNanos();
    this.timeoutNanos = timeout.toNanos();
    this.retryAfterNanos = retryAfter.toNanos();
    this.pausedUntil = clock.getAsLong();
    this.timeMeter = new ClockTimeMeter(clock);
    // maintenance on the calling thread: eviction needs no pool
    this.mirrors =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(idleExpiry)
            .ticker(clock::getAsLong)
            .executor(Runnable::run)
            .build();
    this.syncer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tme-shared-limits");
              t.setDaemon(true);
              return t;
            });
    syncer.scheduleWithFixedDelay(this::round, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
  }

  /** Limits shared through the Redis named in {@code settings}. */
  public static ReconciledLimits redis(
      PolicySettings.Redis settings, int maxKeys, Duration idleExpiry) {
    return new ReconciledLimits(
        new RedisBucketStore(settings.uri(), settings.timeout(), settings.keyPrefix()),
        settings.syncInterval(),
        settings.timeout(),
        settings.retryAfter(),
        maxKeys,
        idleExpiry,
        System::nanoTime);
  }

  @Override
  public boolean tryConsume(String key, BucketConfiguration configuration) {
    long now = clock.getAsLong();
    Mirror m =
        mirrors.get(
            key,
            // as if last used long ago: the first check asks for a round at once
            k -> new Mirror(configuration, localBucket(configuration), now - 2 * intervalNanos));
    boolean allowed = m.bucket.tryConsume(1);
    if (allowed) {
      m.unsent.incrementAndGet();
    }
    // after the count: a round clears the flag before it takes the unsent tokens, so a check that
    // still sees the flag set has counted before that round takes them, and one that sees it
    // cleared queues the key for the next round
    if (!m.checked) {
      m.checked = true;
      checked.offer(new Checked(key, m));
      if (now - m.lastUsed > intervalNanos) {
        wake(); // its view may be old: fetch it now rather than at the next tick
      }
    }
    m.lastUsed = now;
    if (!connected) {
      fallbacks.increment();
    }
    return allowed;
  }

  private Bucket localBucket(BucketConfiguration configuration) {
    LocalBucketBuilder builder =
        Bucket.builder()
            .withCustomTimePrecision(timeMeter)
            .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED);
    for (Bandwidth b : configuration.getBandwidths()) {
      builder.addLimit(b);
    }
    return builder.build();
  }

  /** Asks for a round soon without queueing more than one. */
  private void wake() {
    if (wakeQueued.compareAndSet(false, true)) {
      try {
        syncer.execute(this::round);
      } catch (RejectedExecutionException e) {
        // closed: checks still in flight during shutdown go on with their local view
      }
    }
  }

  /** Runs a round on the background thread (after one in progress); completes when it is done. */
  public CompletableFuture<Void> syncNow() {
    return CompletableFuture.runAsync(this::round, syncer);
  }

  /** One exchange with the store; runs on the background thread only. */
  private void round() {
    wakeQueued.set(false);
    long now = clock.getAsLong();
    if (now - pausedUntil < 0) {
      return;
    }
    List<Exchange> exchanges = new ArrayList<>();
    try {
      for (Checked c; (c = checked.poll()) != null; ) {
        Mirror m = c.mirror();
        m.checked = false;
        long unsent = m.unsent.getAndSet(0);
        exchanges.add(new Exchange(m, store.consume(c.key(), m.configuration, unsent)));
      }
      // with nothing to exchange, a ping keeps the connected gauge true to Redis's state
      CompletableFuture<?> all =
          exchanges.isEmpty()
              ? store.ping()
              : CompletableFuture.allOf(
                  exchanges.stream().map(Exchange::left).toArray(CompletableFuture[]::new));
      all.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      failed(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
      return;
    }
    exchanges.forEach(x -> apply(x.mirror(), x.left().join()));
    rounds.incrementAndGet();
    if (!connected) {
      connected = true;
      log.info("{} reconciled; rate limits are shared across replicas", store);
    }
  }

  /** Sets the mirror to what is left cluster-wide, less what it handed out meanwhile. */
  private static void apply(Mirror m, long left) {
    long target = left - m.unsent.get();
    long local = m.bucket.getAvailableTokens();
    if (local > target) {
      m.bucket.tryConsumeAsMuchAsPossible(local - target);
    } else if (local < target) {
      m.bucket.addTokens(target - local);
    }
  }

  private void failed(Throwable e) {
    failures.increment();
    pausedUntil = clock.getAsLong() + retryAfterNanos;
    if (connected || rounds.get() == 0 && failures.sum() == 1) {
      log.warn(
          "{} failed ({}); rate limits count per replica for {} ms",
          store,
          e.toString(),
          TimeUnit.NANOSECONDS.toMillis(retryAfterNanos));
    }
    connected = false;
  }

  @Override
  public long fallbacks() {
    return fallbacks.sum();
  }

  @Override
  public long failures() {
    return failures.sum();
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public long syncs() {
    return rounds.get();
  }

  /** Hands over what was counted since the last round (bounded by the timeout), then stops. */
  @Override
  public void close() {
    try {
      syncNow().get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // shutting down: what was not handed over is lost, as with a failed round
    }
    syncer.shutdownNow();
    store.close();
  }
}
