package ai.traceable.tme.engine.detect;

/** Receives what detectors find in one value. Not thread-safe; one per evaluation. */
@FunctionalInterface
public interface Hits {
  /**
   * Reports that {@code rule} matched.
   *
   * @param snippet the part of the value that matched, short (detectors cut it to about 64
   *     characters); used in logs and capture, never in the denial body
   */
  void hit(DetectionRule rule, String snippet);
}
