package ai.traceable.tme.metrics;

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
