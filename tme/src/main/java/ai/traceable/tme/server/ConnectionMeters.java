package ai.traceable.tme.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Publishes the connection registry's state as meters, read when scraped. */
final class ConnectionMeters {
  private ConnectionMeters() {}

  static void bind(ConnectionRegistry registry, MeterRegistry meters) {
    Gauge.builder("tme.connection.actors", registry, r -> r.activeConnections())
        .description(
            "connection actors alive: Envoy connections that sent a check within the idle timeout")
        .register(meters);
    FunctionCounter.builder("tme.connection.actors.started", registry, r -> r.spawnedActors())
        .description("connection actors started (a connection returning from idle starts another)")
        .register(meters);
    Gauge.builder("tme.checks.in.flight", registry, r -> r.checksInFlight())
        .description("checks received and not yet answered")
        .register(meters);
  }
}
