package ai.traceable.tme.config;

/** Where the management server ({@code /alive}, {@code /ready}, {@code /metrics}) listens. */
public record ManagementSettings(String iface, int port) {
  public ManagementSettings {
    Validation.port("tme.management.port", port);
    Validation.notBlank("tme.management.interface", iface);
  }
}
