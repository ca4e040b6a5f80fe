package ai.traceable.tme.bench;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.metrics.CheckMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What metering one check costs: {@link CheckMetrics#answered} into a Prometheus registry (two
 * counters' worth of work and two histogram observations), from two threads at once as on tme's two
 * engine threads. {@code baseline} does the same call with no registry work, so the difference is
 * the metrics' own cost; compare it with tme's CPU per check in docs/benchmarks.md. Run with {@code
 * tme/jmh.sh CheckMetricsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(2)
@Fork(value = 1)
public class CheckMetricsBenchmark {
  private CheckMetrics metrics;
  private Decision allow;
  private Decision deny;
  private long nanos;

  @Setup
  public void setUp() {
    metrics = new CheckMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    allow = new Decision.Allow(List.of(), false, false, 18_000);
    deny =
        new Decision.Deny(
            List.of(new Finding("sqli-110", "sqli", RuleAction.BLOCK, "query:q", 5, "'or 1=1")),
            false,
            25_000);
  }

  @Benchmark
  public long baseline() {
    return allow.evaluationNanos() + (nanos += 1_000);
  }

  @Benchmark
  public void allowedCheck() {
    metrics.answered(allow, 40_000 + (nanos += 1_000) % 500_000);
  }

  @Benchmark
  public void deniedCheck() {
    metrics.answered(deny, 40_000 + (nanos += 1_000) % 500_000);
  }
}
