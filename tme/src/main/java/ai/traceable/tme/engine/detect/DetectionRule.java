package ai.traceable.tme.engine.detect;

import java.util.Objects;

/**
 * One thing a detector can report. Detectors declare their rules up front so a rules file can refer
 * to them (disable, monitor, exclude) and the set of rule ids is known before any request.
 *
 * @param id stable id, for example {@code sqli-110}; never built from request data
 * @param attackClass the class the rule belongs to
 * @param severity its contribution to the anomaly score
 * @param paranoia the lowest paranoia level (1-4) at which the rule is enabled
 * @param description one line for logs and docs
 */
public record DetectionRule(
    String id, AttackClass attackClass, Severity severity, int paranoia, String description) {
  public DetectionRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(attackClass, "attackClass");
    Objects.requireNonNull(severity, "severity");
    if (paranoia < 1 || paranoia > 4) {
      throw new IllegalArgumentException("paranoia must be 1-4: " + paranoia);
    }
  }

  /**
   * Whether a match of this rule settles its value: a critical rule of paranoia 1, after which a
   * detector need not look for weaker shapes. Critical rules of higher levels do not settle a
   * value, since they may not be enabled and the precise rules must still get their chance.
   */
  public boolean settles() {
    return severity == Severity.CRITICAL && paranoia == 1;
  }
}
