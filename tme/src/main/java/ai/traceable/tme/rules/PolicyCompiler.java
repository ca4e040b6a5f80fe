package ai.traceable.tme.rules;

import ai.traceable.tme.engine.policy.CustomPolicies;
import ai.traceable.tme.engine.policy.PolicyAction;
import ai.traceable.tme.engine.policy.limits.Endpoints;
import ai.traceable.tme.engine.policy.limits.EnumerationRule;
import ai.traceable.tme.engine.policy.limits.LimitKey;
import ai.traceable.tme.engine.policy.limits.LimitWindow;
import ai.traceable.tme.engine.policy.limits.PathIndex;
import ai.traceable.tme.engine.policy.limits.RateLimitRule;
import ai.traceable.tme.engine.policy.signatures.Signature;
import ai.traceable.tme.engine.policy.signatures.SignatureSet;
import ai.traceable.tme.engine.policy.sources.SourceEntry;
import ai.traceable.tme.engine.policy.sources.SourceIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Compiles the {@code policies} section of a rules file: sources, rate limits, enumeration rules
 * and signatures. Every problem is an {@link IllegalArgumentException} naming the entry. Stateless.
 */
final class PolicyCompiler {
  private PolicyCompiler() {}

  /** Compiles the section, registering every id in {@code ids} (which rejects duplicates). */
  static CustomPolicies compile(RulesFileModel.Policies p, Set<String> ids) {
    if (p == null) {
      return CustomPolicies.NONE;
    }
    SourceIndex sources = new SourceIndex();
    for (RulesFileModel.Source s : entries(p.sources(), "sources")) {
      String id = RulesLoader.requireId(s.id(), "source", ids);
      String where = "source '" + id + "'";
      PolicyAction action = action(s.action(), PolicyAction.FOR_SOURCES, where);
      if (s.cidrs() == null || s.cidrs().isEmpty()) {
        throw new IllegalArgumentException(where + ": 'cidrs' needs at least one entry");
      }
      sources.add(
          new SourceEntry(
              id, action, PolicyDurations.optional(s.expiresAfter(), "expiresAfter", where)),
          s.cidrs());
    }
    PathIndex.Builder paths = new PathIndex.Builder();
    List<RateLimitRule> limits = new ArrayList<>();
    for (RulesFileModel.RateLimit r : entries(p.rateLimits(), "rateLimits")) {
      limits.add(rateLimit(r, RulesLoader.requireId(r.id(), "rate limit", ids), paths));
    }
    List<EnumerationRule> enumerations = new ArrayList<>();
    for (RulesFileModel.Enumeration e : entries(p.enumeration(), "enumeration")) {
      enumerations.add(
          enumeration(e, RulesLoader.requireId(e.id(), "enumeration rule", ids), paths));
    }
    List<Signature> allow = new ArrayList<>();
    List<Signature> others = new ArrayList<>();
    for (RulesFileModel.Signature s : entries(p.signatures(), "signatures")) {
      Signature sig =
          ConditionCompiler.signature(s, RulesLoader.requireId(s.id(), "signature", ids));
      (sig.action() == PolicyAction.ALLOW ? allow : others).add(sig);
    }
    return new CustomPolicies(
        sources,
        limits,
        enumerations,
        new SignatureSet(allow),
        new SignatureSet(others),
        paths.build());
  }

  /** An entry's action: BLOCK when absent, otherwise one of {@code allowed}. */
  static PolicyAction action(String value, Set<PolicyAction> allowed, String where) {
    return value == null
        ? PolicyAction.BLOCK
        : PolicyNames.parse(PolicyAction.class, "action", value, allowed, where);
  }

  private static <T> List<T> entries(List<T> list, String section) {
    List<T> out = Objects.requireNonNullElse(list, List.of());
    for (T t : out) {
      if (t == null) {
        throw new IllegalArgumentException("'policies." + section + "' holds an empty entry");
      }
    }
    return out;
  }

  static RateLimitRule rateLimit(RulesFileModel.RateLimit r, String id, PathIndex.Builder index) {
    String where = "rate limit '" + id + "'";
    PolicyAction action = action(r.action(), PolicyAction.FOR_LIMITS, where);
    int limit = PolicyDurations.positive(r.limit(), "limit", where);
    Duration period = PolicyDurations.required(r.period(), "period", where);
    LimitWindow window =
        r.window() == null
            ? LimitWindow.ROLLING
            : PolicyNames.parse(LimitWindow.class, "window", r.window(), where);
    if (r.burst() != null && window != LimitWindow.TOKEN_BUCKET) {
      throw new IllegalArgumentException(where + ": 'burst' applies only to window token_bucket");
    }
    int burst = r.burst() == null ? limit : PolicyDurations.positive(r.burst(), "burst", where);
    Duration blockFor = PolicyDurations.optional(r.blockFor(), "blockFor", where);
    int status = PolicyDurations.status(r.status(), where);
    LimitKey key = LimitKey.compile(r.key(), where);
    Endpoints endpoints = Endpoints.compile(r.methods(), r.paths(), where, index);
    String stateKey = id + "|" + window + "|" + limit + "|" + burst + "|" + period.toNanos();
    return new RateLimitRule(
        id,
        action,
        endpoints,
        key,
        window.configuration(limit, burst, period),
        blockFor,
        status,
        stateKey);
  }

  static EnumerationRule enumeration(
      RulesFileModel.Enumeration e, String id, PathIndex.Builder index) {
    String where = "enumeration '" + id + "'";
    PolicyAction action = action(e.action(), PolicyAction.FOR_LIMITS, where);
    if ((e.parameter() == null) == (e.bodyField() == null)) {
      throw new IllegalArgumentException(where + ": give exactly one of 'parameter', 'bodyField'");
    }
    List<String> paths = e.path() == null ? List.of() : List.of(e.path());
    Endpoints endpoints = Endpoints.compile(e.methods(), paths, where, index);
    if (e.parameter() != null
        && (endpoints.paths().isEmpty() || !endpoints.paths().get(0).hasParameter(e.parameter()))) {
      throw new IllegalArgumentException(
          where + ": 'parameter' " + e.parameter() + " must be a '{name}' of 'path'");
    }
    List<String> field = null;
    if (e.bodyField() != null) {
      if (e.bodyField().isBlank() || e.bodyField().contains("..")) {
        throw new IllegalArgumentException(where + ": 'bodyField' must be a dotted field path");
      }
      field = List.of(e.bodyField().strip().split("\\."));
    }
    int limit = PolicyDurations.positive(e.limit(), "limit", where);
    Duration period = PolicyDurations.required(e.period(), "period", where);
    return new EnumerationRule(
        id,
        action,
        endpoints,
        LimitKey.compile(e.key(), where),
        e.parameter(),
        field,
        limit,
        period,
        PolicyDurations.optional(e.blockFor(), "blockFor", where),
        PolicyDurations.status(e.status(), where),
        id + "|" + limit + "|" + period.toNanos() + "|" + e.parameter() + "|" + e.bodyField());
  }
}
