package ai.traceable.tme.engine.policy;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a custom policy entry asks for when it matches. Which actions a kind of entry accepts is
 * given by the sets below; the rules file is rejected when an entry names another.
 */
public enum PolicyAction {
  /** Record a finding; never deny. */
  ALERT,
  /** Deny (in block mode). */
  BLOCK,
  /** Let the request through at once, skipping every later check. */
  ALLOW,
  /** Sources only: deny every client outside the entries with this action. */
  BLOCK_ALL_EXCEPT,
  /** Signatures only: evaluate and record as a test finding; never deny, never allow. */
  MARK_FOR_TESTING;

  public static final Set<PolicyAction> FOR_SOURCES =
      EnumSet.of(ALERT, BLOCK, ALLOW, BLOCK_ALL_EXCEPT);
  public static final Set<PolicyAction> FOR_LIMITS = EnumSet.of(ALERT, BLOCK);
  public static final Set<PolicyAction> FOR_SIGNATURES =
      EnumSet.of(ALERT, BLOCK, ALLOW, MARK_FOR_TESTING);
}
