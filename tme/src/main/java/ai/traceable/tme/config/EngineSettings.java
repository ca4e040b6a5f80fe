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
 */
public record EngineSettings(
    EngineMode mode, Optional<Path> rulesFile, OnError onError, int parallelism) {
  public EngineSettings {
    Validation.positive("tme.engine.parallelism", parallelism);
  }
}
