package ai.traceable.tme.bench;

import ai.traceable.tme.capture.CapturePipeline;
import ai.traceable.tme.capture.CaptureRecord;
import ai.traceable.tme.capture.OtlpHttpExporter;
import ai.traceable.tme.capture.Redactor;
import ai.traceable.tme.capture.SpanEncoder;
import ai.traceable.tme.config.CaptureHeaders;
import ai.traceable.tme.config.CaptureSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * Records per second the capture pipeline alone pushes into a local OTLP/HTTP receiver (in the same
 * JVM, discarding bodies): redaction, batching, encoding with the official classes and HTTP export,
 * with the default batch settings. Not a test; run with {@code java -cp <test classpath>
 * ai.traceable.tme.bench.CaptureThroughput [seconds]}.
 */
public final class CaptureThroughput {
  private CaptureThroughput() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "capture-bench");
    Materializer mat = Materializer.matFromSystem(system);
    var binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(
                (org.apache.pekko.japi.function.Function<
                        HttpRequest, java.util.concurrent.CompletionStage<HttpResponse>>)
                    r ->
                        r.entity()
                            .discardBytes(mat)
                            .completionStage()
                            .thenApply(done -> HttpResponse.create()))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    URI endpoint =
        URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/v1/traces");
    CaptureSettings s =
        new CaptureSettings(
            true,
            endpoint,
            "bench",
            8192,
            512,
            1 << 20,
            Duration.ofSeconds(1),
            2,
            5,
            Duration.ofMillis(200),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            false,
            16384,
            List.of("json"),
            1.0,
            List.of("authorization", "cookie"),
            List.of("password"),
            "(?:passw|secret|token)",
            "redact",
            Duration.ofSeconds(5),
            CaptureHeaders.NONE,
            CaptureSettings.Tls.NONE);
    CapturePipeline pipeline =
        new CapturePipeline(
            system,
            s,
            new SpanEncoder(
                "bench",
                "host",
                new Redactor(
                    s.redactHeaders(),
                    s.redactFields(),
                    s.redactFieldPattern(),
                    Redactor.Strategy.REDACT)),
            new OtlpHttpExporter(system, s));
    CaptureRecord record = record();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(5, seconds / 4));
    long exportedAtWarmup = -1;
    long measureStart = 0;
    while (System.nanoTime() < end) {
      if (exportedAtWarmup < 0 && System.nanoTime() > warmupEnd) {
        exportedAtWarmup = pipeline.counters().exported();
        measureStart = System.nanoTime();
      }
      if (pipeline.queueDepth() >= 8000) {
        Thread.onSpinWait();
        continue;
      }
      pipeline.offer(record);
    }
    double elapsed = (System.nanoTime() - measureStart) / 1e9;
    long exported = pipeline.counters().exported() - exportedAtWarmup;
    System.out.printf(
        "capture pipeline: %,.0f records/s exported over %.1f s (%,d batches, %,d dropped as queue full)%n",
        exported / elapsed,
        elapsed,
        pipeline.counters().batchesSent(),
        pipeline.counters().droppedQueueFull());
    pipeline.flush(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static CaptureRecord record() {
    return new CaptureRecord(
        "POST",
        "https",
        "shop.example.com",
        "/api/v1/orders?currency=EUR",
        Map.ofEntries(
            Map.entry(
                "user-agent", List.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0")),
            Map.entry("accept", List.of("application/json")),
            Map.entry("accept-language", List.of("en-GB,en;q=0.9")),
            Map.entry("content-type", List.of("application/json")),
            Map.entry("cookie", List.of("session=abc; theme=dark")),
            Map.entry("x-request-id", List.of("6f1c2b9e-3d4a-4b5c-8e7f-0a1b2c3d4e5f")),
            Map.entry("x-forwarded-for", List.of("198.51.100.23"))),
        "{\"item\":\"SKU-1\",\"qty\":2,\"password\":\"x\"}",
        false,
        "198.51.100.23",
        51234,
        System.currentTimeMillis() * 1_000_000L,
        System.currentTimeMillis() * 1_000_000L + 250_000,
        "allow",
        List.of(),
        List.of(),
        0,
        9000);
  }
}
