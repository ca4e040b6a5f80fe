package ai.traceable.tme.rules;

import ai.traceable.tme.engine.detect.DetectionEngine;
import ai.traceable.tme.engine.policy.CustomPolicies;
import ai.traceable.tme.engine.policy.PolicyEngine;
import ai.traceable.tme.engine.policy.signatures.MatchRule;
import ai.traceable.tme.engine.policy.sources.IpList;
import java.util.List;

/**
 * A validated, compiled rule set: IP lists, custom rules and policies (evaluated in the order
 * {@link PolicyEngine} documents), then attack detection. Immutable; a new file produces a new
 * instance that replaces the old one atomically.
 *
 * @param version the {@code version} label of the file, or a content hash when absent
 * @param source where the rules came from (a path or {@code bundled defaults})
 */
public record RuleSet(
    String version,
    String source,
    List<IpList> ipLists,
    List<MatchRule> rules,
    DetectionEngine detection,
    CustomPolicies policies) {
  public RuleSet {
    ipLists = List.copyOf(ipLists);
    rules = List.copyOf(rules);
  }

  /** Number of rules, lists and policy entries, for start-up and reload logs. */
  public int size() {
    return ipLists.size() + rules.size() + policies.size();
  }
}
