package ai.traceable.tme.config;

/**
 * Where the management server ({@code /alive}, {@code /ready}, {@code /metrics}) listens, and
 * whether checks are metered one by one ({@code checkMetrics}; the other meters always are).
 */
public record ManagementSettings(String iface, int port, boolean checkMetrics) {
  public ManagementSettings {
    Validation.port("tme.management.port", port);
    Validation.notBlank("tme.management.interface", iface);
  }
}
