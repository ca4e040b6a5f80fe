package ai.traceable.tme.capture;

import ai.traceable.tme.config.CaptureSettings;
import ai.traceable.tme.logging.LogThrottle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.Supervision;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture pipeline: span encoding (with redaction, see {@link SpanEncoder}) as a record is
 * offered, then a stream of bounded queue → batches by count, bytes and time → OTLP request →
 * export with bounded parallelism and retries. {@link #offer} never blocks and never fails: a full
 * queue drops the record (before spending anything on encoding it) and counts it. Every record
 * offered ends up counted exactly once (exported, dropped for a reason, or still queued).
 *
 * <p>Why redaction and encoding run on the offering thread rather than in a stream stage: the
 * offering thread has the request's data in its CPU cache, and a queued span is one compact array
 * rather than the request's headers, strings and body kept alive until the batch leaves — which
 * under load outlived young collections and was copied by the GC. Measured in docs/benchmarks.md.
 * Nothing leaves the process unredacted either way.
 *
 * <p>Supervision: a stage that throws on one batch drops that batch (counted as an encoding drop)
 * and the stream goes on; if the stream itself ends unexpectedly it is started again with a new
 * queue, and the restart is counted and logged. Thread-safe.
 */
public final class CapturePipeline {
  private static final Logger log = LoggerFactory.getLogger(CapturePipeline.class);

  private final ActorSystem<?> system;
  private final CaptureSettings settings;
  private final SpanEncoder encoder;
  private final Exporter exporter;
  private final CaptureCounters counters = new CaptureCounters();
  private final AtomicReference<Running> running = new AtomicReference<>();
  private final LogThrottle dropWarnings =
      LogThrottle.onePer(Duration.ofSeconds(10), System::nanoTime);
  private volatile boolean closing;

  private record Running(BoundedSourceQueue<byte[]> queue, CompletionStage<Done> done) {}

  public CapturePipeline(
      ActorSystem<?> system, CaptureSettings settings, SpanEncoder encoder, Exporter exporter) {
    this.system = system;
    this.settings = settings;
    this.encoder = encoder;
    this.exporter = exporter;
    start();
  }

  public CaptureCounters counters() {
    return counters;
  }

  /** Records waiting in the queue. */
  public int queueDepth() {
    Running r = running.get();
    return r == null ? 0 : r.queue().size();
  }

  /**
   * Redacts and encodes a record and hands it to the stream; returns at once. False when it was
   * dropped.
   */
  public boolean offer(CaptureRecord record) {
    counters.offered.incrementAndGet();
    Running r = running.get();
    if (closing || r == null) {
      counters.droppedShutdown.incrementAndGet();
      return false;
    }
    if (r.queue().size() >= settings.queueSize()) {
      counters.droppedQueueFull.incrementAndGet(); // full: not worth encoding
      return false;
    }
    byte[] span;
    try {
      span = encoder.spanBytes(record);
    } catch (RuntimeException e) {
      counters.droppedEncoding.incrementAndGet();
      log.warn("capture dropped a record it could not encode: {}", e.toString());
      return false;
    }
    QueueOfferResult result = r.queue().offer(span);
    if (result == QueueOfferResult.enqueued()) {
      return true;
    }
    if (result == QueueOfferResult.dropped()) {
      counters.droppedQueueFull.incrementAndGet();
    } else {
      counters.droppedShutdown.incrementAndGet();
    }
    return false;
  }

  /** Fails the running stream, as a bug in a stage would; for tests of the restart. */
  void failStream(Throwable cause) {
    Running r = running.get();
    if (r != null) {
      r.queue().fail(cause);
    }
  }

  /** Counts a record that sampling left out (it was never offered). */
  public void sampledOut() {
    counters.sampledOut.incrementAndGet();
  }

  /**
   * Stops accepting records and waits until the queued ones are exported, at most {@code deadline}.
   * Records still queued at the deadline are counted as dropped at shutdown.
   */
  public CompletionStage<Done> flush(Duration deadline) {
    closing = true;
    Running r = running.get();
    if (r == null) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    r.queue().complete();
    CompletableFuture<Done> result = new CompletableFuture<>();
    r.done().whenComplete((d, e) -> result.complete(Done.getInstance()));
    Patterns.after(
        deadline,
        system.classicSystem().scheduler(),
        system.executionContext(),
        () -> {
          if (!result.isDone()) {
            long lost = counters.offered() - counters.accountedFor();
            counters.droppedShutdown.addAndGet(Math.max(0, lost));
            log.warn("capture flush deadline {} passed; {} records not exported", deadline, lost);
            result.complete(Done.getInstance());
          }
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    return result;
  }

  private void start() {
    Pair<BoundedSourceQueue<byte[]>, CompletionStage<Done>> materialized =
        Source.<byte[]>queue(settings.queueSize())
            .via(batching(settings))
            .via(exporting())
            .withAttributes(
                ActorAttributes.withSupervisionStrategy(
                    e -> {
                      log.warn("capture stream stage failed, going on: {}", e.toString());
                      return Supervision.resume();
                    }))
            .toMat(Sink.ignore(), Keep.both())
            .run(system);
    Running r = new Running(materialized.first(), materialized.second());
    running.set(r);
    r.done().whenComplete((done, error) -> ended(error));
  }

  /** Closes a batch at {@code batch.max-records} spans, {@code max-bytes} or {@code max-delay}. */
  static Flow<byte[], List<byte[]>, NotUsed> batching(CaptureSettings settings) {
    return Flow.<byte[]>create()
        .groupedWeightedWithin(
            settings.batchMaxBytes(),
            settings.batchMaxRecords(),
            span -> (long) span.length,
            settings.batchMaxDelay());
  }

  /**
   * Exports batches, {@code parallelism} at a time, each with its retries; emits once per batch
   * when it was exported or given up on (and counted either way).
   */
  Flow<List<byte[]>, Done, NotUsed> exporting() {
    return Flow.<List<byte[]>>create().mapAsyncUnordered(settings.parallelism(), this::exportBatch);
  }

  /**
   * The stream ended. At shutdown (or when the actor system goes away) that is expected; otherwise
   * it is counted, logged and started again after a second, so a stream that keeps failing cannot
   * spin.
   */
  private void ended(Throwable error) {
    if (closing
        || error instanceof AbruptStageTerminationException
        || system.whenTerminated().isCompleted()) {
      return;
    }
    counters.restarts.incrementAndGet();
    log.error(
        "capture stream ended unexpectedly ({}); starting it again in 1 s",
        error == null ? "completed" : error.toString());
    try {
      system
          .scheduler()
          .scheduleOnce(
              Duration.ofSeconds(1),
              () -> {
                if (!closing) {
                  start();
                }
              },
              system.executionContext());
    } catch (IllegalStateException schedulerStopped) {
      closing = true;
    }
  }

  private CompletionStage<Done> exportBatch(List<byte[]> batch) {
    byte[] body;
    try {
      body = encoder.envelope(batch);
    } catch (RuntimeException e) {
      counters.droppedEncoding.addAndGet(batch.size());
      log.warn("capture could not encode a batch of {}: {}", batch.size(), e.toString());
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    long start = System.nanoTime();
    return attempt(body, 0)
        .thenApply(
            result -> {
              if (result.ok()) {
                counters.batchesSent.incrementAndGet();
                counters.exported.addAndGet(batch.size());
                counters.exportNanos.addAndGet(System.nanoTime() - start);
              } else {
                counters.batchesFailed.incrementAndGet();
                if (result.tlsFailure()) {
                  counters.droppedTls.addAndGet(batch.size());
                } else if (result.retryable()) {
                  counters.droppedRetriesExhausted.addAndGet(batch.size());
                } else {
                  counters.droppedRejected.addAndGet(batch.size());
                }
                warnDropped(batch.size(), result.problem());
              }
              return Done.getInstance();
            });
  }

  /**
   * Logs lost batches at most once per ten seconds, with the number lost since the last line, so an
   * agent that stays down cannot flood the log (every loss is counted regardless).
   */
  private void warnDropped(int records, String problem) {
    if (dropWarnings.tryAcquire(records)) {
      long lost = records + dropWarnings.takeHeldBack();
      log.warn(
          "capture dropped {} records since the last report; latest problem: {}", lost, problem);
    }
  }

  private CompletionStage<Exporter.Result> attempt(byte[] body, int attempt) {
    counters.exportAttempts.incrementAndGet();
    CompletionStage<Exporter.Result> sent;
    try {
      sent = exporter.export(body);
    } catch (RuntimeException e) {
      sent = CompletableFuture.completedFuture(Exporter.Result.failed(e.toString()));
    }
    return sent.exceptionally(e -> Exporter.Result.failed(e.toString()))
        .thenCompose(
            result -> {
              if (result.ok() || !result.retryable() || attempt >= settings.maxRetries()) {
                return CompletableFuture.completedFuture(result);
              }
              Duration delay = backoff(attempt, result);
              return Patterns.after(
                  delay,
                  system.classicSystem().scheduler(),
                  system.executionContext(),
                  () -> attempt(body, attempt + 1));
            });
  }

  /** Exponential backoff with full jitter, or the receiver's Retry-After, capped at max-backoff. */
  Duration backoff(int attempt, Exporter.Result result) {
    Duration max = settings.maxBackoff();
    if (result.retryAfter().isPresent()) {
      Duration asked = result.retryAfter().get();
      return asked.compareTo(max) > 0 ? max : asked;
    }
    long base = settings.initialBackoff().toMillis() << Math.min(attempt, 20);
    long capped = Math.min(base, max.toMillis());
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return Duration.ofMillis(Math.max(1, jittered));
  }
}
