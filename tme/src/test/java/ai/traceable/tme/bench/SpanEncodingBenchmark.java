package ai.traceable.tme.bench;

import ai.traceable.tme.capture.CaptureRecord;
import ai.traceable.tme.capture.OfficialSpanEncoder;
import ai.traceable.tme.capture.Redactor;
import ai.traceable.tme.capture.SpanEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to encode one batch of 512 browser-like capture records (14 headers, no body) as an OTLP
 * request: {@code officialClasses} builds the message with the OpenTelemetry proto classes and
 * serializes it (the baseline, {@link OfficialSpanEncoder}), {@code directWriter} writes the same
 * bytes without building it (what the export path uses: each span, then the envelope). Run with
 * {@code tme/jmh.sh SpanEncodingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class SpanEncodingBenchmark {
  private SpanEncoder encoder;
  private OfficialSpanEncoder official;
  private List<CaptureRecord> batch;

  @Setup
  public void setUp() {
    Redactor redactor =
        new Redactor(
            List.of("authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key"),
            List.of("password"),
            "",
            Redactor.Strategy.REDACT);
    encoder = new SpanEncoder("bench", "host", redactor);
    official = new OfficialSpanEncoder(encoder);
    batch = new ArrayList<>();
    for (int i = 0; i < 512; i++) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      headers.put(":authority", List.of("shop.example.com"));
      headers.put(":method", List.of("GET"));
      headers.put(":path", List.of("/products/" + i + "?page=2&sort=price"));
      headers.put(":scheme", List.of("https"));
      headers.put("accept", List.of("text/html,application/xhtml+xml,*/*;q=0.8"));
      headers.put("accept-encoding", List.of("gzip, deflate, br"));
      headers.put("accept-language", List.of("en-GB,en;q=0.9"));
      headers.put("cookie", List.of("session=abc123; theme=dark"));
      headers.put(
          "user-agent",
          List.of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"));
      headers.put("x-forwarded-for", List.of("198.51.100.23"));
      headers.put("x-forwarded-proto", List.of("https"));
      headers.put("x-request-id", List.of("8d3f0c2e-4b1a-4f7e-9c55-" + (100000000000L + i)));
      headers.put("x-envoy-external-address", List.of("198.51.100.23"));
      headers.put("referer", List.of("https://shop.example.com/products"));
      batch.add(
          new CaptureRecord(
              "GET",
              "https",
              "shop.example.com",
              "/products/" + i + "?page=2&sort=price",
              headers,
              "",
              false,
              "198.51.100.23",
              51234,
              1_764_000_000_000_000_000L + i,
              1_764_000_000_000_040_000L + i,
              "allow",
              List.of(),
              List.of(),
              0,
              18_000));
    }
  }

  @Benchmark
  public byte[] officialClasses() {
    return official.encode(batch).toByteArray();
  }

  @Benchmark
  public byte[] directWriter() {
    List<byte[]> spans = new ArrayList<>(batch.size());
    for (CaptureRecord r : batch) {
      spans.add(encoder.spanBytes(r));
    }
    return encoder.envelope(spans);
  }
}
