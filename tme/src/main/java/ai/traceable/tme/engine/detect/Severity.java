package ai.traceable.tme.engine.detect;

/**
 * How sure and how bad a detection is; each severity adds its score to the request's anomaly score,
 * and the request is blocked when the sum reaches the threshold (default 5, so one critical finding
 * blocks on its own, while weaker signals need company).
 */
public enum Severity {
  CRITICAL(5),
  ERROR(4),
  WARNING(3),
  NOTICE(2);

  private final int score;

  Severity(int score) {
    this.score = score;
  }

  public int score() {
    return score;
  }
}
