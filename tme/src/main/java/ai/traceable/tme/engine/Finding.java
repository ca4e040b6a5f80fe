package ai.traceable.tme.engine;

import java.util.Objects;

/**
 * One reason the engine found a request suspicious. Immutable.
 *
 * @param ruleId the id of the rule that matched, from the loaded rule set
 * @param category the attack class or policy kind, for example {@code ip-deny} or {@code
 *     match-rule}
 * @param action what the rule asks for when enforced
 * @param location where in the request the rule matched, for example {@code header:user-agent}
 */
public record Finding(String ruleId, String category, RuleAction action, String location) {
  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(action, "action");
    location = Objects.requireNonNullElse(location, "");
  }
}
