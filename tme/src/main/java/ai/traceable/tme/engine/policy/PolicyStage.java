package ai.traceable.tme.engine.policy;

import ai.traceable.tme.engine.Evaluation;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.engine.inspect.Inspection;
import ai.traceable.tme.engine.policy.limits.EnumerationRule;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.engine.policy.limits.RateLimitRule;
import ai.traceable.tme.engine.policy.signatures.MatchRule;
import ai.traceable.tme.engine.policy.sources.IpList;
import ai.traceable.tme.engine.policy.sources.SourceEntry;
import ai.traceable.tme.engine.policy.sources.SourceIndex;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The policies stage of evaluation: IP lists, custom rules and the {@code policies} section, in
 * four steps, cheapest and most decisive first:
 *
 * <ol>
 *   <li>allow-lists: {@code sources} entries with action ALLOW, then ALLOW signatures; a match lets
 *       the request through at once, skipping everything below and every later stage;
 *   <li>blocks: {@code ipLists}, then {@code sources} entries with BLOCK or ALERT, then the
 *       allow-list mode of BLOCK_ALL_EXCEPT entries;
 *   <li>rate limits, then enumeration rules;
 *   <li>custom rules ({@code rules}), then the other signatures, in file order.
 * </ol>
 *
 * <p>In block mode the first blocking match ends evaluation with a denial (see {@link Evaluation}).
 * Source expiries count from this stage's creation, i.e. from the load of its rule set.
 * Thread-safe; the only mutable state is the shared {@link PolicyState}.
 */
public final class PolicyStage {
  private final List<IpList> ipLists;
  private final List<MatchRule> rules;
  private final CustomPolicies policies;
  private final int trustedHops;
  private final PolicyState state;
  private final long loadedAt;
  private final boolean anyPolicy;

  /**
   * @param rules the custom rules ({@code rules} section)
   * @param trustedHops proxies in front of the gateway whose {@code x-forwarded-for} entries are
   *     trusted to name the client (see {@code RequestView#clientAddress(int)})
   * @param state the counters of rate limits and enumeration rules, shared across reloads
   */
  public PolicyStage(
      List<IpList> ipLists,
      List<MatchRule> rules,
      CustomPolicies policies,
      int trustedHops,
      PolicyState state) {
    this.ipLists = List.copyOf(ipLists);
    this.rules = List.copyOf(rules);
    this.policies = policies;
    this.trustedHops = trustedHops;
    this.state = state;
    this.loadedAt = state.now();
    this.anyPolicy = !ipLists.isEmpty() || !policies.isEmpty();
  }

  /** Evaluates one request, recording what matched; may end evaluation (allowed or denied). */
  public void evaluate(Inspection request, Evaluation out) {
    if (!anyPolicy && rules.isEmpty()) {
      return;
    }
    PolicyRequest r = new PolicyRequest(request.view(), trustedHops);
    if (anyPolicy && allowListed(r)) {
      out.allow();
      return;
    }
    boolean ended = anyPolicy && (blocked(r, out) || limited(r, out));
    if (!ended) {
      matched(r, out);
    }
  }

  /** Step 1: true when an allow-list lets the request through. */
  private boolean allowListed(PolicyRequest r) {
    if (!policies.sources().isEmpty()) {
      IPAddress ip = r.clientIp();
      if (ip != null) {
        long now = state.now();
        boolean[] allowed = {false};
        policies
            .sources()
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
    return policies.allowSignatures().firstMatch(r) != null;
  }

  /** Step 2: IP lists and source blocks; true when evaluation ends here. */
  private boolean blocked(PolicyRequest r, Evaluation out) {
    IPAddress ip = ipLists.isEmpty() && policies.sources().isEmpty() ? null : r.clientIp();
    if (ip != null) {
      for (IpList list : ipLists) {
        if (list.contains(ip)
            && out.add(new Finding(list.id(), "ip-list", list.action(), "source"), 0)) {
          return true;
        }
      }
    }
    SourceIndex sources = policies.sources();
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

  /** Step 3: rate limits, then enumeration; true when evaluation ends here. */
  private boolean limited(PolicyRequest r, Evaluation out) {
    long[] matched = policies.paths().isEmpty() ? null : policies.paths().match(r.pathOnly());
    for (RateLimitRule rule : policies.rateLimits()) {
      String endpoint = rule.endpoints().endpoint(r, matched);
      String key = endpoint == null ? null : rule.key().of(r, endpoint);
      if (key != null && state.overLimit(rule, key)) {
        int status = rule.status() != 0 ? rule.status() : state.rateLimitStatus();
        if (out.add(new Finding(rule.id(), "rate-limit", action(rule.action()), "key"), status)) {
          return true;
        }
      }
    }
    for (EnumerationRule rule : policies.enumerations()) {
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

  /** Step 4: custom rules, then signatures. */
  private void matched(PolicyRequest r, Evaluation out) {
    for (MatchRule rule : rules) {
      if (rule.matches(r.view())
          && out.add(new Finding(rule.id(), "custom-rule", rule.action(), rule.location()), 0)) {
        return;
      }
    }
    policies
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

  private static RuleAction action(PolicyAction a) {
    return a == PolicyAction.BLOCK ? RuleAction.BLOCK : RuleAction.MONITOR;
  }
}
