package ai.traceable.tme.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One request's evaluation while the stages of a {@link StagedEngine} run: what they found so far,
 * whether block mode would deny the request, and whether evaluation has ended (an allow-list let
 * the request through, or a denial was enforced). Not thread-safe; one per evaluation.
 */
public final class Evaluation {
  private final boolean enforcing;
  private List<Finding> findings;
  private boolean wouldDeny;
  private boolean denied;
  private boolean allowed;
  private int status;

  /**
   * @param enforcing whether a blocking finding ends evaluation with a denial (block mode), or is
   *     only recorded as one that would deny (monitor mode)
   */
  public Evaluation(boolean enforcing) {
    this.enforcing = enforcing;
  }

  /**
   * Records a finding; a blocking one makes the request one block mode would deny.
   *
   * @param denyStatus the HTTP status a denial by this finding asks for, or {@link
   *     Decision.Deny#CONFIGURED_STATUS}
   * @return true when the finding ends evaluation with a denial
   */
  public boolean add(Finding f, int denyStatus) {
    record(f);
    if (f.action() != RuleAction.BLOCK) {
      return false;
    }
    return deny(denyStatus);
  }

  /** Records findings that do not decide by themselves (detection's, which its score decides). */
  public void addAll(List<Finding> found) {
    for (Finding f : found) {
      record(f);
    }
  }

  /**
   * Marks the request as one block mode denies, for a reason other than one blocking finding (an
   * anomaly score reaching its threshold).
   *
   * @return true when that ends evaluation with a denial
   */
  public boolean deny(int denyStatus) {
    wouldDeny = true;
    if (enforcing) {
      denied = true;
      status = denyStatus;
      return true;
    }
    return false;
  }

  /** Ends evaluation with a clean allow: an allow-list lets the request through. */
  public void allow() {
    allowed = true;
  }

  private void record(Finding f) {
    if (findings == null) {
      findings = new ArrayList<>(2);
    }
    findings.add(f);
  }

  /** Whether a stage should report every match rather than stop at the first denial. */
  public boolean complete() {
    return !enforcing || wouldDeny;
  }

  /** Whether evaluation has ended: allowed by an allow-list, or denied. */
  public boolean ended() {
    return allowed || denied;
  }

  public boolean allowed() {
    return allowed;
  }

  public boolean denied() {
    return denied;
  }

  public boolean wouldDeny() {
    return wouldDeny;
  }

  /** The status the denial asks for; meaningful once {@link #denied()}. */
  public int status() {
    return status;
  }

  /** Everything found so far, in order, or null when nothing was. */
  public List<Finding> findings() {
    return findings;
  }
}
