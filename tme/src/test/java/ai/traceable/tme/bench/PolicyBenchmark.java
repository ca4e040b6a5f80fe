package ai.traceable.tme.bench;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.limits.PolicyState;
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
 * Time per evaluation with custom policies loaded ({@code loaded}: 10,000 CIDRs, 50 rate limits,
 * 100 signatures) against an empty policy set ({@code empty}), in the same run; attack detection is
 * off in both, so the difference is what the policies add. Requests cycle over 256 client addresses
 * outside every CIDR, so each walks every stage without being decided early: the lookup, the rate
 * limits in scope (5 of the 50) counting real buckets, and all 100 signatures missing.
 *
 * <p>Run with {@code tme/jmh.sh PolicyBenchmark} (not part of the test run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class PolicyBenchmark {

  /** {@code empty}, {@code loaded} (all three kinds), or one kind alone to see its share. */
  @Param({"empty", "loaded", "sources", "rate-limits", "signatures"})
  public String policies;

  private StagedEngine engine;
  private RequestView[] requests;
  private int next;

  @Setup
  public void setUp() {
    String yaml =
        "detection: { enabled: false }\n"
            + switch (policies) {
              case "empty" -> "";
              case "loaded" -> "policies:\n" + sources() + rateLimits() + signatures();
              case "sources" -> "policies:\n" + sources();
              case "rate-limits" -> "policies:\n" + rateLimits();
              case "signatures" -> "policies:\n" + signatures();
              default -> throw new IllegalArgumentException(policies);
            };
    engine =
        RulesLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "bench")
            .engine(EngineMode.BLOCK, 0, PolicyState.local());
    requests = new RequestView[256];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = request("192.0.2." + i % 250);
    }
    for (RequestView r : requests) {
      if (!(engine.evaluate(r) instanceof Decision.Allow a) || !a.findings().isEmpty()) {
        throw new IllegalStateException("benchmark requests must pass every policy cleanly");
      }
    }
  }

  @Benchmark
  public Decision evaluate() {
    RequestView r = requests[next];
    next = (next + 1) & (requests.length - 1);
    return engine.evaluate(r);
  }

  static RequestView request(String ip) {
    return new RequestView(
        "GET",
        "/api/users/12345?include=orders&page=2",
        "shop.example.com",
        Map.of(
            "user-agent",
            List.of(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"),
            "accept",
            List.of("application/json"),
            "x-api-key",
            List.of("k-" + ip),
            "cookie",
            List.of("sid=9f8e7d6c5b4a; theme=dark")),
        new byte[0],
        false,
        ip,
        40000);
  }

  /** 10,000 /24 blocks over 10.0.0.0/8, in 40 entries. */
  static String sources() {
    StringBuilder y = new StringBuilder("  sources:\n");
    for (int list = 0; list < 40; list++) {
      y.append("    - id: bad-").append(list).append("\n      cidrs:\n");
      for (int i = 0; i < 250; i++) {
        int n = list * 250 + i;
        y.append("        - 10.").append(n / 256).append('.').append(n % 256).append(".0/24\n");
      }
    }
    return y.toString();
  }

  /** 50 rate limits; 5 cover the benchmark request's endpoint, 45 other endpoints. */
  static String rateLimits() {
    StringBuilder y = new StringBuilder("  rateLimits:\n");
    String[] keys = {"[ip]", "[ip, path]", "[\"header:x-api-key\"]", "[ip, method]", "[path]"};
    for (int i = 0; i < 50; i++) {
      // 5 rules cover this request's endpoint; the other 45 are scoped to other endpoints
      String path = i < 5 ? "/api/users/{id}" : "/api/service-" + i + "/{id}";
      y.append("    - id: rl-")
          .append(i)
          .append("\n      key: ")
          .append(keys[i % keys.length])
          .append("\n      paths: [\"")
          .append(path)
          .append("\"]\n      limit: 1000000000\n      period: PT1S\n");
    }
    return y.toString();
  }

  /** 100 signatures, none of which matches the benchmark request. */
  static String signatures() {
    StringBuilder y = new StringBuilder("  signatures:\n");
    String[] targets = {"URL", "USER_AGENT", "HOST", "HEADER_VALUE", "PARAMETER_VALUE"};
    String[] operators = {"CONTAINS", "EQUALS", "MATCHES_REGEX"};
    for (int i = 0; i < 100; i++) {
      String target = targets[i % targets.length];
      String op = operators[i % operators.length];
      String value = op.equals("MATCHES_REGEX") ? "(?i)probe-" + i + "[0-9]+" : "probe-" + i;
      y.append("    - id: sig-")
          .append(i)
          .append(
              "\n      when:\n        - { target: HTTP_METHOD, operator: NOT_EQUAL, value: OPTIONS }")
          .append("\n        - { target: ")
          .append(target)
          .append(", operator: ")
          .append(op)
          .append(", value: '")
          .append(value)
          .append("' }\n");
    }
    return y.toString();
  }
}
