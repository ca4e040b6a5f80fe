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
 * in force (the usual Prometheus "info" shape, so dashboards can show and alert on the version),
 * and the SecLang rules' reloads by result. Counts start when the object is created, before the
 * registry exists; {@link #bind} publishes them. Micrometer holds the object behind a function
 * counter weakly, so the counters read this object, which keeps the suppliers it was given: keep it
 * reachable for as long as the registry is scraped. Thread-safe.
 */
public final class RulesMeters {
  private final AtomicLong reloaded = new AtomicLong();
  private final AtomicReference<String> version;
  private final AtomicReference<MultiGauge> info = new AtomicReference<>();
  private volatile LongSupplier failures = () -> 0;
  private volatile LongSupplier secLangReloads = () -> 0;
  private volatile LongSupplier secLangFailures = () -> 0;

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
    this.failures = failures;
    FunctionCounter.builder("tme.rules.reloads", this, m -> m.reloaded.get())
        .description("rules file reloads, by result")
        .tag("result", "success")
        .register(registry);
    // not the supplier itself: a lambda only the registry refers to would be collected (NaN)
    FunctionCounter.builder("tme.rules.reloads", this, m -> m.failures.getAsLong())
        .description("rules file reloads, by result")
        .tag("result", "failure")
        .register(registry);
    info.set(
        MultiGauge.builder("tme.rules.info")
            .description("1 for the version of the rule set in force")
            .register(registry));
    publishVersion();
  }

  /**
   * Publishes {@code tme_seclang_reloads_total{result}}: reloads of the SecLang rules that put a
   * new configuration in force, and changed files that did not load (the rules in force stayed).
   */
  public void bindSecLang(MeterRegistry registry, LongSupplier reloads, LongSupplier failures) {
    this.secLangReloads = reloads;
    this.secLangFailures = failures;
    FunctionCounter.builder("tme.seclang.reloads", this, m -> m.secLangReloads.getAsLong())
        .description("SecLang rules reloads, by result")
        .tag("result", "success")
        .register(registry);
    FunctionCounter.builder("tme.seclang.reloads", this, m -> m.secLangFailures.getAsLong())
        .description("SecLang rules reloads, by result")
        .tag("result", "failure")
        .register(registry);
  }

  private void publishVersion() {
    MultiGauge gauge = info.get();
    if (gauge != null) {
      gauge.register(List.of(MultiGauge.Row.of(Tags.of("version", version.get()), 1.0)), true);
    }
  }
}
