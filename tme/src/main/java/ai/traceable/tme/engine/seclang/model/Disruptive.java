package ai.traceable.tme.engine.seclang.model;

/**
 * What a matching rule does to the transaction. {@code block} is resolved at load time to the
 * disruptive action of the {@code SecDefaultAction} in force for the rule's phase.
 */
public enum Disruptive {
  /** Continue with the next rule. */
  PASS,
  /** Stop and deny with the rule's status (403 when none). */
  DENY,
  /** Close the connection; reported as a denial here. */
  DROP,
  /** Redirect; reported as a denial here (an authorization check cannot redirect). */
  REDIRECT,
  /** Proxy elsewhere; not supported, treated as a denial. */
  PROXY,
  /** Stop evaluating rules for the rest of the transaction and allow it. */
  ALLOW,
  /** Stop evaluating the current phase and allow it. */
  ALLOW_PHASE,
  /** Stop evaluating the request phases and allow the request. */
  ALLOW_REQUEST;

  /** Whether this action ends the transaction with a denial. */
  public boolean denies() {
    return this == DENY || this == DROP || this == REDIRECT || this == PROXY;
  }

  /** Whether this action ends rule evaluation with an allow. */
  public boolean allows() {
    return this == ALLOW || this == ALLOW_PHASE || this == ALLOW_REQUEST;
  }
}
