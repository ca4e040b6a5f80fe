package ai.traceable.tme.rules;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.detect.DetectionStage;
import ai.traceable.tme.engine.policy.CustomPolicies;
import ai.traceable.tme.engine.policy.PolicyStage;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.engine.policy.signatures.MatchRule;
import ai.traceable.tme.engine.policy.sources.IpList;
import java.util.List;

/**
 * A validated, compiled rule set: IP lists, custom rules and policies (evaluated in the order
 * {@link PolicyStage} documents), then attack detection. Immutable; a new file produces a new
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
    DetectionStage detection,
    CustomPolicies policies) {
  public RuleSet {
    ipLists = List.copyOf(ipLists);
    rules = List.copyOf(rules);
  }

  /** Number of rules, lists and policy entries, for start-up and reload logs. */
  public int size() {
    return ipLists.size() + rules.size() + policies.size();
  }

  /** The engine that evaluates these rules in {@code mode}, with counters of its own. */
  public StagedEngine engine(EngineMode mode) {
    return engine(mode, 0);
  }

  /**
   * @param trustedHops proxies in front of the gateway whose {@code x-forwarded-for} entries are
   *     trusted to name the client (see {@code RequestView#clientAddress(int)})
   */
  public StagedEngine engine(EngineMode mode, int trustedHops) {
    return engine(mode, trustedHops, PolicyState.local());
  }

  /**
   * @param state the counters of rate limits and enumeration rules, shared across reloads
   */
  public StagedEngine engine(EngineMode mode, int trustedHops, PolicyState state) {
    return new StagedEngine(
        mode, new PolicyStage(ipLists, rules, policies, trustedHops, state), detection, List.of());
  }
}
