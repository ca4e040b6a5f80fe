package ai.traceable.tme.engine;

import java.util.Objects;

/**
 * One reason the engine found a request suspicious. Immutable.
 *
 * @param ruleId the id of the rule that matched, from the loaded rule set or a detector's rules;
 *     never built from request data
 * @param category the attack class or policy kind, for example {@code sqli} or {@code custom-rule}
 * @param action what the rule asks for when enforced
 * @param location where in the request the rule matched, for example {@code header:user-agent}
 * @param score what the finding adds to the request's anomaly score (0 for policy rules, which
 *     block on their own)
 * @param snippet a short excerpt of what matched, for logs and capture (never sent to the client);
 *     empty for policy rules
 */
public record Finding(
    String ruleId, String category, RuleAction action, String location, int score, String snippet) {
  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(action, "action");
    location = Objects.requireNonNullElse(location, "");
    snippet = Objects.requireNonNullElse(snippet, "");
  }

  /** A policy finding: no score, no snippet. */
  public Finding(String ruleId, String category, RuleAction action, String location) {
    this(ruleId, category, action, location, 0, "");
  }
}
