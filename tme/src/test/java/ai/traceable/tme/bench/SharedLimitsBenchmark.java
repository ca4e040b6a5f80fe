package ai.traceable.tme.bench;

import ai.traceable.tme.config.PolicySettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.sharedlimits.ReconciledLimits;
import ai.traceable.tme.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per evaluation with the 50 rate limits of {@link PolicyBenchmark} (5 in scope, never
 * tripping), counted locally ({@code local}) or shared through a real redis-server on loopback
 * ({@code redis}), in the same run: the difference is what sharing adds to a check.
 *
 * <p>Run with {@code tme/jmh.sh SharedLimitsBenchmark} (not part of the test run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class SharedLimitsBenchmark {

  @Param({"local", "redis"})
  public String counters;

  private RedisServerProcess redis;
  private PolicyState state;
  private StagedEngine engine;
  private RequestView[] requests;
  private int next;

  @Setup
  public void setUp() throws Exception {
    String yaml = "detection: { enabled: false }\npolicies:\n" + PolicyBenchmark.rateLimits();
    if (counters.equals("redis")) {
      redis = RedisServerProcess.start();
      state =
          new PolicyState(
              PolicyState.DEFAULT_MAX_KEYS,
              PolicyState.DEFAULT_IDLE_EXPIRY,
              PolicyState.DEFAULT_RATE_LIMIT_STATUS,
              System::nanoTime,
              ReconciledLimits.redis(
                  new PolicySettings.Redis(
                      redis.uri(),
                      Duration.ofMillis(500),
                      Duration.ofSeconds(1),
                      "tme-bench:",
                      Duration.ofMillis(50)),
                  PolicyState.DEFAULT_MAX_KEYS,
                  PolicyState.DEFAULT_IDLE_EXPIRY));
    } else {
      state = PolicyState.local();
    }
    engine =
        RulesLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "bench")
            .engine(EngineMode.BLOCK, 0, state);
    requests = new RequestView[256];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = PolicyBenchmark.request("192.0.2." + i % 250);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (redis != null && !state.shared().connected()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("redis did not connect");
      }
      evaluate(); // the first keys start reconciliation; wait until it succeeded once
      Thread.onSpinWait();
    }
  }

  @Benchmark
  public Decision evaluate() {
    RequestView r = requests[next];
    next = (next + 1) & (requests.length - 1);
    return engine.evaluate(r);
  }

  @TearDown
  public void tearDown() {
    state.close();
    if (redis != null) {
      redis.close();
    }
  }
}
