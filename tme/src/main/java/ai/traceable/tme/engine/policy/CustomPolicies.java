package ai.traceable.tme.engine.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The compiled {@code policies} section: sources, rate limits, enumeration rules and signatures.
 * Immutable and thread-safe; the counters live in {@link PolicyState}.
 *
 * @param allowSignatures signatures whose action is ALLOW, evaluated with the allow-lists
 * @param signatures the other signatures, in file order
 */
record CustomPolicies(
    SourceIndex sources,
    List<RateLimitRule> rateLimits,
    List<EnumerationRule> enumerations,
    SignatureSet allowSignatures,
    SignatureSet signatures,
    PathIndex paths) {

  static final CustomPolicies NONE =
      new CustomPolicies(
          new SourceIndex(),
          List.of(),
          List.of(),
          SignatureSet.EMPTY,
          SignatureSet.EMPTY,
          PathIndex.EMPTY);

  CustomPolicies {
    rateLimits = List.copyOf(rateLimits);
    enumerations = List.copyOf(enumerations);
  }

  /** Compiles the section, registering every id in {@code ids} (which rejects duplicates). */
  static CustomPolicies compile(RulesFileModel.Policies p, IdRegistry ids) {
    if (p == null) {
      return NONE;
    }
    SourceIndex sources = new SourceIndex();
    for (RulesFileModel.Source s : entries(p.sources(), "sources")) {
      String id = ids.require(s.id(), "source");
      String where = "source '" + id + "'";
      PolicyAction action =
          s.action() == null
              ? PolicyAction.BLOCK
              : PolicyAction.parse(s.action(), PolicyAction.FOR_SOURCES, where);
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
      limits.add(RateLimitRule.compile(r, ids.require(r.id(), "rate limit"), paths));
    }
    List<EnumerationRule> enumerations = new ArrayList<>();
    for (RulesFileModel.Enumeration e : entries(p.enumeration(), "enumeration")) {
      enumerations.add(EnumerationRule.compile(e, ids.require(e.id(), "enumeration rule"), paths));
    }
    List<Signature> allow = new ArrayList<>();
    List<Signature> others = new ArrayList<>();
    for (RulesFileModel.Signature s : entries(p.signatures(), "signatures")) {
      Signature sig = Signature.compile(s, ids.require(s.id(), "signature"));
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

  private static <T> List<T> entries(List<T> list, String section) {
    List<T> out = Objects.requireNonNullElse(list, List.of());
    for (T t : out) {
      if (t == null) {
        throw new IllegalArgumentException("'policies." + section + "' holds an empty entry");
      }
    }
    return out;
  }

  boolean isEmpty() {
    return sources.isEmpty()
        && rateLimits.isEmpty()
        && enumerations.isEmpty()
        && allowSignatures.isEmpty()
        && signatures.isEmpty();
  }

  int size() {
    return sources.size()
        + rateLimits.size()
        + enumerations.size()
        + allowSignatures.size()
        + signatures.size();
  }

  /** Ids seen so far in one rules file; rejects missing and duplicate ids. */
  record IdRegistry(Set<String> seen) {
    String require(String id, String kind) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("every " + kind + " needs an 'id'");
      }
      if (!seen.add(id)) {
        throw new IllegalArgumentException("duplicate id '" + id + "'");
      }
      return id;
    }
  }
}
