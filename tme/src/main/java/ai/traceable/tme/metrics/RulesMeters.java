package ai.traceable.tme.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Rule-set meters: reloads by result and {@code tme_rules_info{version="..."} 1} for the rule set
 * in force (the usual Prometheus "info" shape, so dashboards can show and alert on the version).
 * Counts start when the object is created, before the registry exists; {@link #bind} publishes
 * them. Thread-safe.
 */
public final class RulesMeters {
  private final AtomicLong reloaded = new AtomicLong();
  private final AtomicReference<String> version;
  private final AtomicReference<MultiGauge> info = new AtomicReference<>();

  public RulesMeters(String initialVersion) {
    this.version = new AtomicReference<>(initialVersion);
  }

  /** A new rule set is in force. */
  public void reloaded(String newVersion) {
    reloaded.incrementAndGet();
    version.set(newVersion);
    publishVersion();
  }

  /**
   * @param failures rejected reloads so far (a changed file that did not load; the previous rules
   *     stayed in force)
   */
  public void bind(MeterRegistry registry, LongSupplier failures) {
    FunctionCounter.builder("tme.rules.reloads", reloaded, AtomicLong::get)
        .description("rules file reloads, by result")
        .tag("result", "success")
        .register(registry);
    FunctionCounter.builder("tme.rules.reloads", failures, f -> f.getAsLong())
        .description("rules file reloads, by result")
        .tag("result", "failure")
        .register(registry);
    info.set(
        MultiGauge.builder("tme.rules.info")
            .description("1 for the version of the rule set in force")
            .register(registry));
    publishVersion();
  }

  private void publishVersion() {
    MultiGauge gauge = info.get();
    if (gauge != null) {
      gauge.register(List.of(MultiGauge.Row.of(Tags.of("version", version.get()), 1.0)), true);
    }
  }
}
