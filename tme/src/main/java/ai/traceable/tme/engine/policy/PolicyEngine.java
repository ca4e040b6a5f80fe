package ai.traceable.tme.engine.policy;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.engine.detect.DetectionEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.limits.EnumerationRule;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.engine.policy.limits.RateLimitRule;
import ai.traceable.tme.engine.policy.signatures.MatchRule;
import ai.traceable.tme.engine.policy.sources.IpList;
import ai.traceable.tme.engine.policy.sources.SourceEntry;
import ai.traceable.tme.engine.policy.sources.SourceIndex;
import ai.traceable.tme.rules.RuleSet;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a {@link RuleSet} in five stages, cheapest and most decisive first:
 *
 * <ol>
 *   <li>allow-lists: {@code sources} entries with action ALLOW, then ALLOW signatures; a match lets
 *       the request through at once, skipping everything below;
 *   <li>blocks: {@code ipLists}, then {@code sources} entries with BLOCK or ALERT, then the
 *       allow-list mode of BLOCK_ALL_EXCEPT entries;
 *   <li>rate limits, then enumeration rules;
 *   <li>custom rules ({@code rules}), then the other signatures, in file order;
 *   <li>attack detection ({@link DetectionEngine}), which denies when the anomaly score of its
 *       blocking findings reaches the threshold.
 * </ol>
 *
 * <p>In {@link EngineMode#BLOCK} the first blocking match ends evaluation with a {@link
 * Decision.Deny}. In {@link EngineMode#MONITOR} every stage runs and the request is allowed, marked
 * with whether block mode would have denied it. Source expiries count from this engine's creation,
 * i.e. from the load of its rule set. Thread-safe; the only mutable state is the shared {@link
 * PolicyState}.
 */
public final class PolicyEngine implements Engine {
  private final RuleSet rules;
  private final EngineMode mode;
  private final int trustedHops;
  private final PolicyState state;
  private final long loadedAt;
  private final boolean anyPolicy;

  public PolicyEngine(RuleSet rules, EngineMode mode) {
    this(rules, mode, 0);
  }

  /**
   * @param trustedHops proxies in front of the gateway whose {@code x-forwarded-for} entries are
   *     trusted to name the client (see {@link RequestView#clientAddress(int)})
   */
  public PolicyEngine(RuleSet rules, EngineMode mode, int trustedHops) {
    this(rules, mode, trustedHops, PolicyState.local());
  }

  /**
   * @param state the counters of rate limits and enumeration rules, shared across reloads
   */
  public PolicyEngine(RuleSet rules, EngineMode mode, int trustedHops, PolicyState state) {
    this.rules = rules;
    this.mode = mode;
    this.trustedHops = trustedHops;
    this.state = state;
    this.loadedAt = state.now();
    this.anyPolicy = !rules.ipLists().isEmpty() || !rules.policies().isEmpty();
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
    Outcome out = new Outcome(mode == EngineMode.BLOCK);
    if (anyPolicy || !rules.rules().isEmpty()) {
      PolicyRequest r = new PolicyRequest(request, trustedHops);
      if (anyPolicy && allowListed(r)) {
        return Decision.Allow.clean();
      }
      boolean ended = anyPolicy && (blocked(r, out) || limited(r, out));
      if (!ended) {
        matched(r, out);
      }
      if (out.denied) {
        return new Decision.Deny(out.findings, false, System.nanoTime() - start, out.status);
      }
    }
    return detect(request, out, start);
  }

  /** Stage 1: true when an allow-list lets the request through. */
  private boolean allowListed(PolicyRequest r) {
    CustomPolicies p = rules.policies();
    if (!p.sources().isEmpty()) {
      IPAddress ip = r.clientIp();
      if (ip != null) {
        long now = state.now();
        boolean[] allowed = {false};
        p.sources()
            .forEachContaining(
                ip,
                e -> {
                  if (e.action() == PolicyAction.ALLOW && e.active(loadedAt, now)) {
                    allowed[0] = true;
                  }
                });
        if (allowed[0]) {
          return true;
        }
      }
    }
    return p.allowSignatures().firstMatch(r) != null;
  }

  /** Stage 2: IP lists and source blocks; true when evaluation ends here. */
  private boolean blocked(PolicyRequest r, Outcome out) {
    IPAddress ip =
        rules.ipLists().isEmpty() && rules.policies().sources().isEmpty() ? null : r.clientIp();
    if (ip != null) {
      for (IpList list : rules.ipLists()) {
        if (list.contains(ip)
            && out.add(new Finding(list.id(), "ip-list", list.action(), "source"), 0)) {
          return true;
        }
      }
    }
    SourceIndex sources = rules.policies().sources();
    if (sources.isEmpty()) {
      return false;
    }
    long now = state.now();
    List<SourceEntry> hits = new ArrayList<>(2);
    if (ip != null) {
      sources.forEachContaining(
          ip,
          e -> {
            if (e.active(loadedAt, now)) {
              hits.add(e);
            }
          });
    }
    for (SourceEntry e : hits) {
      if (e.action() == PolicyAction.BLOCK || e.action() == PolicyAction.ALERT) {
        RuleAction action =
            e.action() == PolicyAction.BLOCK ? RuleAction.BLOCK : RuleAction.MONITOR;
        if (out.add(new Finding(e.id(), "source", action, "source"), 0)) {
          return true;
        }
      }
    }
    // allow-list mode: a client in none of the active BLOCK_ALL_EXCEPT entries is denied
    SourceEntry firstActive = null;
    for (SourceEntry e : sources.allowListMode()) {
      if (e.active(loadedAt, now)) {
        if (hits.contains(e)) {
          return false;
        }
        if (firstActive == null) {
          firstActive = e;
        }
      }
    }
    return firstActive != null
        && out.add(new Finding(firstActive.id(), "source", RuleAction.BLOCK, "source"), 0);
  }

  /** Stage 3: rate limits, then enumeration; true when evaluation ends here. */
  private boolean limited(PolicyRequest r, Outcome out) {
    CustomPolicies p = rules.policies();
    long[] matched = p.paths().isEmpty() ? null : p.paths().match(r.pathOnly());
    for (RateLimitRule rule : p.rateLimits()) {
      String endpoint = rule.endpoints().endpoint(r, matched);
      String key = endpoint == null ? null : rule.key().of(r, endpoint);
      if (key != null && state.overLimit(rule, key)) {
        int status = rule.status() != 0 ? rule.status() : state.rateLimitStatus();
        if (out.add(new Finding(rule.id(), "rate-limit", action(rule.action()), "key"), status)) {
          return true;
        }
      }
    }
    for (EnumerationRule rule : p.enumerations()) {
      String endpoint = rule.endpoints().endpoint(r, matched);
      String key = endpoint == null ? null : rule.key().of(r, endpoint);
      String value = key == null ? null : rule.value(r);
      if (value != null && state.enumerated(rule, key, value)) {
        String where = rule.parameter() != null ? "path:" + rule.parameter() : "body";
        Finding f = new Finding(rule.id(), "enumeration", action(rule.action()), where);
        if (out.add(f, rule.status())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Stage 4: custom rules, then signatures. */
  private void matched(PolicyRequest r, Outcome out) {
    for (MatchRule rule : rules.rules()) {
      if (rule.matches(r.view())
          && out.add(new Finding(rule.id(), "custom-rule", rule.action(), rule.location()), 0)) {
        return;
      }
    }
    rules
        .policies()
        .signatures()
        .forEachMatch(
            r,
            s -> {
              Finding f =
                  switch (s.action()) {
                    case MARK_FOR_TESTING ->
                        new Finding(s.id(), "signature-test", RuleAction.MONITOR, "");
                    case BLOCK -> new Finding(s.id(), "signature", RuleAction.BLOCK, "");
                    default -> new Finding(s.id(), "signature", RuleAction.MONITOR, "");
                  };
              return out.add(f, 0);
            });
  }

  /** Stage 5: attack detection, and the final decision. */
  private Decision detect(RequestView request, Outcome out, long start) {
    List<Finding> findings = out.findings;
    boolean policyWouldDeny = out.wouldDeny;
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

  private static RuleAction action(PolicyAction a) {
    return a == PolicyAction.BLOCK ? RuleAction.BLOCK : RuleAction.MONITOR;
  }

  /** What the policy stages found so far for one request. Not thread-safe; one per evaluation. */
  private static final class Outcome {
    private final boolean enforcing;
    List<Finding> findings;
    boolean wouldDeny;
    boolean denied;
    int status;

    Outcome(boolean enforcing) {
      this.enforcing = enforcing;
    }

    /** Records a finding; true when it ends evaluation with a denial. */
    boolean add(Finding f, int denyStatus) {
      if (findings == null) {
        findings = new ArrayList<>(2);
      }
      findings.add(f);
      if (f.action() != RuleAction.BLOCK) {
        return false;
      }
      wouldDeny = true;
      if (enforcing) {
        denied = true;
        status = denyStatus;
        return true;
      }
      return false;
    }
  }
}
