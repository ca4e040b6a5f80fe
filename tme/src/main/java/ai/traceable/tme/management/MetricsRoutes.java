package ai.traceable.tme.management;

import ai.traceable.tme.metrics.TmeMetrics;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.ExtensionId;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /metrics} on the management port: the process's meters in the Prometheus text format.
 * Registered with pekko-management in tme-pekko.conf ({@code pekko.management.http.routes}), which
 * instantiates this class and asks it for the extension that provides the route.
 */
public final class MetricsRoutes extends AbstractExtensionId<MetricsRoutes.Provider>
    implements ExtensionIdProvider {
  private static final ContentType.NonBinary PROMETHEUS_TEXT =
      (ContentType.NonBinary) ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  @Override
  public ExtensionId<Provider> lookup() {
    return this;
  }

  @Override
  public Provider createExtension(ExtendedActorSystem system) {
    return new Provider(TmeMetrics.get(Adapter.toTyped(system)));
  }

  /** The route provider. */
  public static final class Provider implements ManagementRouteProvider {
    private final TmeMetrics metrics;

    Provider(TmeMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public Route routes(ManagementRouteProviderSettings settings) {
      return Directives.path(
          "metrics",
          () ->
              Directives.get(
                  () ->
                      Directives.complete(
                          HttpResponse.create()
                              .withEntity(
                                  HttpEntities.create(PROMETHEUS_TEXT, metrics.scrape())))));
    }
  }
}
