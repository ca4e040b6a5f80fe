package ai.traceable.tme.config;

import java.time.Duration;

/**
 * Where and how the ext_authz gRPC server listens.
 *
 * @param maxRequestBytes largest CheckRequest message accepted
 * @param unreadyDelay how long tme keeps serving, not ready, before closing the port on shutdown
 * @param shutdownGrace how long in-flight checks may run after the port closes on shutdown
 */
public record GrpcSettings(
    String iface,
    int port,
    int maxRequestBytes,
    int maxConcurrentStreams,
    Duration unreadyDelay,
    Duration shutdownGrace) {
  public GrpcSettings {
    Validation.port("tme.grpc.port", port);
    Validation.positive("tme.grpc.max-request-bytes", maxRequestBytes);
    Validation.positive("tme.grpc.max-concurrent-streams", maxConcurrentStreams);
    Validation.notBlank("tme.grpc.interface", iface);
    Validation.notNegative("tme.grpc.unready-delay", unreadyDelay);
    Validation.notNegative("tme.grpc.shutdown-grace", shutdownGrace);
  }
}
