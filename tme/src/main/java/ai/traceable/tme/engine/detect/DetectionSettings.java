package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.inspect.InspectionLimits;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The detection part of a rules file, validated. Immutable.
 *
 * @param enabled whether attack detection runs at all
 * @param threshold anomaly score at which a request is blocked (sum of the scores of distinct
 *     blocking rules that matched)
 * @param paranoia 1-4: rules with a higher paranoia level than this do not run
 * @param classModes per attack class; classes not listed block
 * @param ruleModes per rule id, overriding its class
 * @param exclusions false-positive exclusions
 * @param limits inspection limits
 */
public record DetectionSettings(
    boolean enabled,
    int threshold,
    int paranoia,
    Map<AttackClass, RuleMode> classModes,
    Map<String, RuleMode> ruleModes,
    List<Exclusion> exclusions,
    InspectionLimits limits) {

  public static final DetectionSettings DEFAULTS =
      new DetectionSettings(true, 5, 1, Map.of(), Map.of(), List.of(), InspectionLimits.DEFAULTS);

  /**
   * The threshold a rules file gets when it sets a paranoia level but no threshold. Levels 1 and 2
   * need a critical finding or company for weaker ones (5); level 3 lets an error-level finding
   * block alone (4); level 4 lets any finding block alone (2, the lowest severity's score).
   *
   * @param paranoia 1-4
   * @return the default anomaly threshold at that level
   */
  public static int defaultThreshold(int paranoia) {
    return switch (paranoia) {
      case 1, 2 -> Severity.CRITICAL.score();
      case 3 -> Severity.ERROR.score();
      default -> Severity.NOTICE.score();
    };
  }

  public DetectionSettings {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    if (paranoia < 1 || paranoia > 4) {
      throw new IllegalArgumentException("paranoia must be 1-4, got " + paranoia);
    }
    classModes = classModes.isEmpty() ? Map.of() : new EnumMap<>(classModes);
    ruleModes = Map.copyOf(ruleModes);
    exclusions = List.copyOf(exclusions);
  }

  /**
   * The mode of a rule: its own override, else its class's, else block (disabled for opt-in
   * classes).
   */
  public RuleMode modeOf(DetectionRule rule) {
    RuleMode own = ruleModes.get(rule.id());
    if (own != null) {
      return own;
    }
    RuleMode fallback = rule.attackClass().optIn() ? RuleMode.DISABLED : RuleMode.BLOCK;
    return classModes.getOrDefault(rule.attackClass(), fallback);
  }
}
