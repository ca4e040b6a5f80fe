package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.inspect.RequestView;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of a detector that judges whole requests ({@link RequestDetector}): one row per
 * request, run through a {@link DetectionStage} holding only that detector at paranoia 1, naming
 * the rule that must block it ({@link #a}) or expecting no finding ({@link #b}). A request is a
 * method, a request target, the host, headers as alternating name and value, and a body (JSON when
 * it starts with '{', a form otherwise).
 */
public abstract class RequestTableTest {

  protected abstract Detector detector();

  /** The settings rows run with: the defaults, unless a table opts its class in. */
  protected DetectionSettings settings() {
    return DetectionSettings.DEFAULTS;
  }

  /** A request as a row describes it. */
  public record Row(String method, String target, String host, String body, String[] headers) {
    public RequestView view() {
      Map<String, List<String>> h = new LinkedHashMap<>();
      for (int i = 0; i + 1 < headers.length; i += 2) {
        h.merge(
            headers[i],
            List.of(headers[i + 1]),
            (x, y) -> java.util.stream.Stream.concat(x.stream(), y.stream()).toList());
      }
      if (!body.isEmpty()) {
        h.putIfAbsent(
            "content-type",
            List.of(
                body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded"));
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      return new RequestView(method, target, host, h, bytes, false, "192.0.2.1", 0);
    }

    @Override
    public String toString() {
      return method
          + " "
          + host
          + target
          + (body.isEmpty() ? "" : " " + body)
          + " "
          + headers.length / 2
          + "h";
    }
  }

  /** A request target on {@code shop.example.com} with optional headers. */
  protected static Row get(String target, String... headers) {
    return new Row("GET", target, "shop.example.com", "", headers);
  }

  protected static Row post(String target, String body, String... headers) {
    return new Row("POST", target, "shop.example.com", body, headers);
  }

  /** A request that blocks at paranoia 1 with {@code rule} among its findings. */
  protected static Arguments a(Row row, String rule) {
    return Arguments.of(row, rule);
  }

  /** A request with no finding of this detector. */
  protected static Arguments b(Row row) {
    return Arguments.of(row, "none");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource({"attacks", "benign"})
  void findsWhatTheRowNames(Row row, String rule) {
    DetectionStage stage = new DetectionStage(List.of(detector()), settings(), 0);
    DetectionStage.Result result = stage.inspect(row.view(), true);
    List<String> ids = result.findings().stream().map(Finding::ruleId).toList();
    if (rule.equals("none")) {
      assertThat(ids).isEmpty();
    } else {
      assertThat(ids).contains(rule);
      assertThat(result.score()).isGreaterThanOrEqualTo(DetectorHarness.THRESHOLD);
    }
  }
}
