package ai.traceable.tme.engine.policy;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.RequestView;
import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.engine.detect.DetectionEngine;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a {@link RuleSet}: IP lists first (cheapest), then custom rules in file order.
 *
 * <p>Then attack detection runs ({@link DetectionEngine}); it denies when the anomaly score of its
 * blocking findings reaches the threshold.
 *
 * <p>In {@link EngineMode#BLOCK} the first blocking match ends evaluation with a {@link
 * Decision.Deny}. In {@link EngineMode#MONITOR} every rule is evaluated and the request is allowed,
 * marked with whether block mode would have denied it. Immutable and thread-safe.
 */
public final class PolicyEngine implements Engine {
  private final RuleSet rules;
  private final EngineMode mode;

  private final int trustedHops;

  public PolicyEngine(RuleSet rules, EngineMode mode) {
    this(rules, mode, 0);
  }

  /**
   * @param trustedHops proxies in front of the gateway whose {@code x-forwarded-for} entries are
   *     trusted to name the client (see {@link RequestView#clientAddress(int)})
   */
  public PolicyEngine(RuleSet rules, EngineMode mode, int trustedHops) {
    this.rules = rules;
    this.mode = mode;
    this.trustedHops = trustedHops;
  }

  public RuleSet rules() {
    return rules;
  }

  @Override
  public Decision evaluate(RequestView request) {
    if (mode == EngineMode.OFF) {
      return Decision.Allow.clean();
    }
    long start = System.nanoTime();
    List<Finding> findings = null;
    IPAddress source =
        rules.ipLists().isEmpty() ? null : parseSource(request.clientAddress(trustedHops));
    if (source != null) {
      for (IpList list : rules.ipLists()) {
        if (list.contains(source)) {
          Finding f = new Finding(list.id(), "ip-list", list.action(), "source");
          findings = add(findings, f);
          if (enforce(f)) {
            return new Decision.Deny(findings, false, System.nanoTime() - start);
          }
        }
      }
    }
    for (MatchRule rule : rules.rules()) {
      if (rule.matches(request)) {
        Finding f = new Finding(rule.id(), "custom-rule", rule.action(), rule.location());
        findings = add(findings, f);
        if (enforce(f)) {
          return new Decision.Deny(findings, false, System.nanoTime() - start);
        }
      }
    }
    boolean policyWouldDeny =
        findings != null && findings.stream().anyMatch(f -> f.action() == RuleAction.BLOCK);
    DetectionEngine.Result detected =
        rules.detection().inspect(request, mode == EngineMode.MONITOR || policyWouldDeny);
    if (!detected.findings().isEmpty()) {
      if (findings == null) {
        findings = new ArrayList<>(detected.findings());
      } else {
        findings.addAll(detected.findings());
      }
    }
    boolean detectionDenies = detected.score() >= rules.detection().settings().threshold();
    if (detectionDenies && mode == EngineMode.BLOCK) {
      return new Decision.Deny(findings, false, System.nanoTime() - start);
    }
    if (findings == null) {
      return Decision.Allow.clean();
    }
    boolean wouldDeny = policyWouldDeny || detectionDenies;
    return new Decision.Allow(findings, wouldDeny, false, System.nanoTime() - start);
  }

  private boolean enforce(Finding f) {
    return mode == EngineMode.BLOCK && f.action() == RuleAction.BLOCK;
  }

  private static List<Finding> add(List<Finding> findings, Finding f) {
    List<Finding> out = findings == null ? new ArrayList<>(2) : findings;
    out.add(f);
    return out;
  }

  private static IPAddress parseSource(String address) {
    if (address.isEmpty()) {
      return null;
    }
    // getAddress() returns null instead of throwing for malformed input
    return new IPAddressString(address).getAddress();
  }
}
