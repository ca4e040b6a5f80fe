package ai.traceable.tme.engine.policy.signatures;

import ai.traceable.tme.engine.policy.PolicyAction;
import ai.traceable.tme.engine.policy.PolicyRequest;

/**
 * A compiled custom signature: a condition tree and what a match asks for. Immutable and
 * thread-safe.
 */
public record Signature(String id, PolicyAction action, SignatureCondition when) {

  public boolean matches(PolicyRequest request) {
    return when.test(request);
  }
}
