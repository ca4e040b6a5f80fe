package ai.traceable.tme.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The process's metrics registry (Micrometer, Prometheus format), one per actor system. Components
 * register their meters here; the management port serves {@link #scrape()}.
 */
public final class TmeMetrics implements Extension {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private TmeMetrics() {
    // JVM and process meters: memory and GC pressure, threads, CPU, file descriptors, uptime
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The current values in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  public static TmeMetrics get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** The extension's id. */
  public static final class Id extends ExtensionId<TmeMetrics> {
    static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public TmeMetrics createExtension(ActorSystem<?> system) {
      return new TmeMetrics();
    }
  }
}
