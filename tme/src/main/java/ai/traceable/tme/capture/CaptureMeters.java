package ai.traceable.tme.capture;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** Publishes a pipeline's counters as meters; the meters read the counters when scraped. */
public final class CaptureMeters {
  private CaptureMeters() {}

  public static void bind(CapturePipeline pipeline, MeterRegistry registry) {
    CaptureCounters c = pipeline.counters();
    counter(
        registry,
        "tme.capture.records.offered",
        "records handed to capture",
        c,
        CaptureCounters::offered);
    counter(
        registry,
        "tme.capture.records.exported",
        "records the agent accepted",
        c,
        CaptureCounters::exported);
    counter(
        registry,
        "tme.capture.records.sampled.out",
        "clean allowed records left out by sampling",
        c,
        CaptureCounters::sampledOut);
    dropped(registry, c, "queue_full", CaptureCounters::droppedQueueFull);
    dropped(registry, c, "retries_exhausted", CaptureCounters::droppedRetriesExhausted);
    dropped(registry, c, "rejected", CaptureCounters::droppedRejected);
    dropped(registry, c, "tls", CaptureCounters::droppedTls);
    dropped(registry, c, "encoding_error", CaptureCounters::droppedEncoding);
    dropped(registry, c, "shutdown", CaptureCounters::droppedShutdown);
    FunctionCounter.builder("tme.capture.batches", c, cc -> cc.batchesSent())
        .tag("result", "sent")
        .description("export batches")
        .register(registry);
    FunctionCounter.builder("tme.capture.batches", c, cc -> cc.batchesFailed())
        .tag("result", "failed")
        .description("export batches")
        .register(registry);
    counter(
        registry,
        "tme.capture.export.attempts",
        "export requests, retries included",
        c,
        CaptureCounters::exportAttempts);
    counter(
        registry,
        "tme.capture.stream.restarts",
        "times the capture stream was started again",
        c,
        CaptureCounters::restarts);
    Gauge.builder("tme.capture.queue.depth", pipeline, p -> p.queueDepth())
        .description("records waiting to be exported")
        .register(registry);
    FunctionTimer.builder(
            "tme.capture.export",
            c,
            CaptureCounters::batchesSent,
            CaptureCounters::exportNanos,
            TimeUnit.NANOSECONDS)
        .description("successful exports, retries included")
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry,
      String name,
      String help,
      CaptureCounters c,
      ToDoubleFunction<CaptureCounters> f) {
    FunctionCounter.builder(name, c, f).description(help).register(registry);
  }

  private static void dropped(
      MeterRegistry registry,
      CaptureCounters c,
      String reason,
      ToDoubleFunction<CaptureCounters> f) {
    FunctionCounter.builder("tme.capture.records.dropped", c, f)
        .tag("reason", reason)
        .description("records lost, by reason")
        .register(registry);
  }
}
