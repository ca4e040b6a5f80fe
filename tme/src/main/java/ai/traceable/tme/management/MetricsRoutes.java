package ai.traceable.tme.management;

import ai.traceable.tme.metrics.TmeMetrics;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics} on the management port: the meters in the Prometheus text format. */
final class MetricsRoutes {
  private static final ContentType.NonBinary PROMETHEUS_TEXT =
      (ContentType.NonBinary) ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private MetricsRoutes() {}

  static Route route(TmeMetrics metrics) {
    return Directives.path(
        "metrics",
        () ->
            Directives.get(
                () ->
                    Directives.complete(
                        HttpResponse.create()
                            .withEntity(HttpEntities.create(PROMETHEUS_TEXT, metrics.scrape())))));
  }
}
