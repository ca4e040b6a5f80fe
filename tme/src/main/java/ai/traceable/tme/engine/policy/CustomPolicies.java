package ai.traceable.tme.engine.policy;

import ai.traceable.tme.engine.policy.limits.EnumerationRule;
import ai.traceable.tme.engine.policy.limits.PathIndex;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.engine.policy.limits.RateLimitRule;
import ai.traceable.tme.engine.policy.signatures.SignatureSet;
import ai.traceable.tme.engine.policy.sources.SourceIndex;
import java.util.List;

/**
 * The compiled {@code policies} section: sources, rate limits, enumeration rules and signatures.
 * Immutable and thread-safe; the counters live in {@link PolicyState}.
 *
 * @param allowSignatures signatures whose action is ALLOW, evaluated with the allow-lists
 * @param signatures the other signatures, in file order
 */
public record CustomPolicies(
    SourceIndex sources,
    List<RateLimitRule> rateLimits,
    List<EnumerationRule> enumerations,
    SignatureSet allowSignatures,
    SignatureSet signatures,
    PathIndex paths) {

  /** No policies at all. */
  public static final CustomPolicies NONE =
      new CustomPolicies(
          new SourceIndex(),
          List.of(),
          List.of(),
          SignatureSet.EMPTY,
          SignatureSet.EMPTY,
          PathIndex.EMPTY);

  public CustomPolicies {
    rateLimits = List.copyOf(rateLimits);
    enumerations = List.copyOf(enumerations);
  }

  public boolean isEmpty() {
    return sources.isEmpty()
        && rateLimits.isEmpty()
        && enumerations.isEmpty()
        && allowSignatures.isEmpty()
        && signatures.isEmpty();
  }

  public int size() {
    return sources.size()
        + rateLimits.size()
        + enumerations.size()
        + allowSignatures.size()
        + signatures.size();
  }
}
