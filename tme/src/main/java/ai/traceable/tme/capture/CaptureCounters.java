package ai.traceable.tme.capture;

import java.util.concurrent.atomic.AtomicLong;

/** What happened to captured records; read by metrics and tests. Thread-safe. */
public final class CaptureCounters {
  final AtomicLong offered = new AtomicLong();
  final AtomicLong exported = new AtomicLong();
  final AtomicLong droppedQueueFull = new AtomicLong();
  final AtomicLong droppedRetriesExhausted = new AtomicLong();
  final AtomicLong droppedRejected = new AtomicLong();
  final AtomicLong droppedTls = new AtomicLong();
  final AtomicLong droppedEncoding = new AtomicLong();
  final AtomicLong droppedShutdown = new AtomicLong();
  final AtomicLong sampledOut = new AtomicLong();
  final AtomicLong batchesSent = new AtomicLong();
  final AtomicLong batchesFailed = new AtomicLong();
  final AtomicLong exportAttempts = new AtomicLong();
  final AtomicLong restarts = new AtomicLong();
  final AtomicLong exportNanos = new AtomicLong();

  public long offered() {
    return offered.get();
  }

  public long exported() {
    return exported.get();
  }

  public long droppedQueueFull() {
    return droppedQueueFull.get();
  }

  public long droppedRetriesExhausted() {
    return droppedRetriesExhausted.get();
  }

  /** Batches the receiver refused for good (4xx other than 429). */
  public long droppedRejected() {
    return droppedRejected.get();
  }

  /** Records of batches whose TLS handshake with the receiver failed (not retried). */
  public long droppedTls() {
    return droppedTls.get();
  }

  public long droppedEncoding() {
    return droppedEncoding.get();
  }

  /** Records still queued when the shutdown flush deadline passed. */
  public long droppedShutdown() {
    return droppedShutdown.get();
  }

  public long sampledOut() {
    return sampledOut.get();
  }

  public long batchesSent() {
    return batchesSent.get();
  }

  public long batchesFailed() {
    return batchesFailed.get();
  }

  public long exportAttempts() {
    return exportAttempts.get();
  }

  /** Times the stream was started again after it failed. */
  public long restarts() {
    return restarts.get();
  }

  /** Total time spent in successful exports, for a mean export latency. */
  public long exportNanos() {
    return exportNanos.get();
  }

  /**
   * Every record offered is exactly one of: exported, dropped for a reason, sampled out, queued.
   */
  public long accountedFor() {
    return exported()
        + droppedQueueFull()
        + droppedRetriesExhausted()
        + droppedRejected()
        + droppedTls()
        + droppedEncoding()
        + droppedShutdown()
        + sampledOut();
  }
}
