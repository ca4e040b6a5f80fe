package ai.traceable.tme.config;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.OnError;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the blocking engine runs.
 *
 * @param rulesFile the YAML rules file, or empty for the bundled defaults
 * @param parallelism threads of the engine dispatcher
 * @param reloadInterval how often the rules file is checked for changes; zero disables reloading
 * @param trustedHops x-forwarded-for entries (from the right) trusted to name the client
 */
public record EngineSettings(
    EngineMode mode,
    Optional<Path> rulesFile,
    OnError onError,
    int parallelism,
    java.time.Duration reloadInterval,
    int trustedHops) {
  public EngineSettings {
    if (trustedHops < 0) {
      throw new IllegalArgumentException(
          "tme.engine.trusted-hops must not be negative, was " + trustedHops);
    }
    Validation.positive("tme.engine.parallelism", parallelism);
    Validation.notNegative("tme.engine.reload-interval", reloadInterval);
  }
}
