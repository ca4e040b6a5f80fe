package ai.traceable.tme.bench;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.detect.DetectionSettings;
import ai.traceable.tme.engine.detect.DetectionStage;
import ai.traceable.tme.engine.detect.Detectors;
import ai.traceable.tme.engine.inspect.InputExtractor;
import ai.traceable.tme.engine.inspect.Inputs;
import ai.traceable.tme.engine.inspect.InspectionLimits;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.rules.RulesLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evaluations per second of the engine with the bundled rules, single-threaded, for three request
 * shapes. {@code extractOnly} is the baseline in the same run: walking and decoding the request
 * without any detector, so the detectors' own cost is the difference.
 *
 * <p>Run with {@code tme/jmh.sh} (not part of the test run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class EngineBenchmark {

  @Param({"browser-get", "json-4k", "body-64k"})
  public String shape;

  private StagedEngine engine;
  private DetectionStage uncached;
  private InputExtractor extractor;
  private RequestView request;

  @Setup
  public void setUp() {
    engine = RulesLoader.loadBundled().engine(EngineMode.BLOCK);
    extractor = new InputExtractor(InspectionLimits.DEFAULTS);
    uncached = new DetectionStage(Detectors.all(), DetectionSettings.DEFAULTS, 0);
    request = Requests.of(shape);
    if (!(engine.evaluate(request) instanceof Decision.Allow)) {
      throw new IllegalStateException(shape + " must be benign for this benchmark");
    }
  }

  @Benchmark
  public Decision evaluate() {
    return engine.evaluate(request);
  }

  /**
   * Every value inspected by every detector, as for a request whose values were never seen before
   * (the cache of clean values disabled): the detectors' own cost.
   */
  @Benchmark
  public DetectionStage.Result detectUncached() {
    return uncached.inspect(request, false);
  }

  @Benchmark
  public Inputs extractOnly() {
    return extractor.extract(request);
  }

  /** Benign requests shaped like real traffic. */
  static final class Requests {
    private Requests() {}

    static RequestView of(String shape) {
      return switch (shape) {
        case "browser-get" -> browserGet();
        case "json-4k" -> json(4 * 1024);
        case "body-64k" -> json(64 * 1024);
        default -> throw new IllegalArgumentException(shape);
      };
    }

    private static Map<String, List<String>> browserHeaders() {
      return Map.ofEntries(
          Map.entry(
              "user-agent",
              List.of(
                  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                      + " Chrome/126.0.0.0 Safari/537.36")),
          Map.entry("accept", List.of("text/html,application/xhtml+xml,*/*;q=0.8")),
          Map.entry("accept-language", List.of("en-US,en;q=0.9,de;q=0.8")),
          Map.entry("accept-encoding", List.of("gzip, deflate, br")),
          Map.entry("referer", List.of("https://shop.example.com/category/audio?page=2")),
          Map.entry(
              "cookie",
              List.of(
                  "sid=9f8e7d6c5b4a39281706f5e4d3c2b1a0; _ga=GA1.2.1234567890.1700000000;"
                      + " theme=dark; cart=3")),
          Map.entry("x-request-id", List.of("6f1c2b9e-3d4a-4b5c-8e7f-0a1b2c3d4e5f")),
          Map.entry("x-forwarded-for", List.of("198.51.100.23")),
          Map.entry("sec-ch-ua", List.of("\"Chromium\";v=\"126\", \"Not.A/Brand\";v=\"24\"")));
    }

    static RequestView browserGet() {
      return new RequestView(
          "GET",
          "/products/search?q=wireless+headphones&sort=price_asc&page=2&utm_source=newsletter",
          "shop.example.com",
          browserHeaders(),
          new byte[0],
          false,
          "198.51.100.23",
          51234);
    }

    static RequestView json(int size) {
      StringBuilder body =
          new StringBuilder("{\"order\":{\"id\":\"ord-20261130-0042\",\"items\":[");
      int i = 0;
      while (body.length() < size - 200) {
        if (i > 0) {
          body.append(',');
        }
        body.append("{\"sku\":\"SKU-")
            .append(10000 + i)
            .append("\",\"name\":\"Wireless headphones, model ")
            .append(i)
            .append(" (black)\",\"qty\":")
            .append(1 + i % 3)
            .append(",\"note\":\"Please deliver after 5pm; ring twice & leave at door\"}");
        i++;
      }
      body.append(
          "],\"customer\":{\"name\":\"Siobhan O'Brien\",\"email\":\"s.obrien+shop@example.com\"}}}");
      Map<String, List<String>> headers =
          Map.of(
              "content-type", List.of("application/json"),
              "user-agent", List.of("okhttp/4.12.0"),
              "authorization",
                  List.of("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl"));
      return new RequestView(
          "POST",
          "/api/v1/orders",
          "api.example.com",
          headers,
          body.toString().getBytes(StandardCharsets.UTF_8),
          false,
          "198.51.100.23",
          51234);
    }
  }
}
