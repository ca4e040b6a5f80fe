package ai.traceable.tme.config;

import java.time.Duration;

/**
 * Where and how the ext_authz gRPC server listens.
 *
 * @param maxRequestBytes largest CheckRequest message accepted
 * @param shutdownGrace how long in-flight checks may run after the port closes on shutdown
 */
public record GrpcSettings(
    String iface, int port, int maxRequestBytes, int maxConcurrentStreams, Duration shutdownGrace) {
  public GrpcSettings {
    Validation.port("tme.grpc.port", port);
    Validation.positive("tme.grpc.max-request-bytes", maxRequestBytes);
    Validation.positive("tme.grpc.max-concurrent-streams", maxConcurrentStreams);
    Validation.notBlank("tme.grpc.interface", iface);
  }
}
