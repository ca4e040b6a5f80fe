package ai.traceable.tme.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks shared by the settings records; messages name the offending key. */
final class Validation {
  private Validation() {}

  static void port(String key, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(key + " must be within 0-65535, was " + port);
    }
  }

  static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
  }

  static void notNegative(String key, java.time.Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(key + " must not be negative, was " + value);
    }
  }

  static void notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " must not be empty");
    }
  }

  static void readableFile(String key, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(key + " is not a readable file: " + file);
    }
  }
}
