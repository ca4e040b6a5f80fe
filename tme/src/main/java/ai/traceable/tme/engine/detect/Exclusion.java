package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.inspect.Inspected;
import java.util.Set;

/**
 * Skips some detection rules for part of the traffic: the usual answer to a false positive. An
 * exclusion applies to a finding when the finding's rule id or attack class is listed (an empty
 * list means every rule), the request path starts with {@code pathPrefix} (empty: every path), and
 * the finding's location equals {@code location} or its parameter name equals {@code parameter}
 * (both empty: anywhere in the request).
 *
 * @param id the exclusion's id from the rules file, for logs
 * @param ruleIds rule ids it covers
 * @param classes attack classes it covers
 * @param pathPrefix request path prefix, without the query
 * @param parameter argument, field, header or cookie name (as in a finding's location after the
 *     colon)
 */
public record Exclusion(
    String id, Set<String> ruleIds, Set<AttackClass> classes, String pathPrefix, String parameter) {
  public Exclusion {
    ruleIds = Set.copyOf(ruleIds);
    classes = Set.copyOf(classes);
    pathPrefix = pathPrefix == null ? "" : pathPrefix;
    parameter = parameter == null ? "" : parameter;
  }

  boolean covers(DetectionRule rule) {
    return (ruleIds.isEmpty() && classes.isEmpty())
        || ruleIds.contains(rule.id())
        || classes.contains(rule.attackClass());
  }

  boolean appliesTo(DetectionRule rule, String path, Inspected value) {
    if (!covers(rule)) {
      return false;
    }
    if (!pathPrefix.isEmpty() && !path.startsWith(pathPrefix)) {
      return false;
    }
    if (parameter.isEmpty()) {
      return true;
    }
    String name = value.name();
    return name.equals(parameter) || name.equals(parameter + "(base64)");
  }
}
