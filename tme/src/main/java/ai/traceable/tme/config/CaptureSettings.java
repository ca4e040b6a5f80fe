package ai.traceable.tme.config;

import java.net.URI;

/** Export of what tme saw to the platform agent. */
public record CaptureSettings(boolean enabled, URI endpoint) {
  public CaptureSettings {
    String scheme = endpoint.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "tme.capture.endpoint must be an http(s) URL: " + endpoint);
    }
  }
}
