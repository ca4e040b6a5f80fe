package ai.traceable.tme.engine.policy;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Rules from YAML, engines on a clock the test moves, and requests, for the policy tests. */
public final class PolicyTestKit {
  private PolicyTestKit() {}

  /** A nanosecond clock that only moves when told to. Thread-safe. */
  public static final class ManualClock implements LongSupplier {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long getAsLong() {
      return nanos.get();
    }

    public void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  /** Detection is switched off so each table tests one policy kind alone. */
  public static RuleSet rules(String policiesYaml) {
    String yaml = "detection: { enabled: false }\n" + policiesYaml;
    return RulesLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
  }

  public static PolicyState state(ManualClock clock) {
    return new PolicyState(10_000, Duration.ofMinutes(10), 429, clock, null);
  }

  public static StagedEngine engine(String yaml, ManualClock clock) {
    return rules(yaml).engine(EngineMode.BLOCK, 0, state(clock));
  }

  public static RequestView get(String path, String ip) {
    return request("GET", path, Map.of(), "", ip);
  }

  public static RequestView request(
      String method, String path, Map<String, String> headers, String body, String ip) {
    Map<String, List<String>> h = new HashMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
    return new RequestView(
        method,
        path,
        "api.example.com",
        h,
        body.getBytes(StandardCharsets.UTF_8),
        false,
        ip,
        40000);
  }

  /** A JWT with the given JSON payload and a meaningless signature (tme does not verify it). */
  public static String bearer(String payloadJson) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    return "Bearer "
        + b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }
}
