package ai.traceable.tme.engine.seclang;

import ai.traceable.tme.engine.seclang.model.Disruptive;
import java.util.List;

/**
 * What the SecLang rules made of one request.
 *
 * @param matches every rule (chain) that matched, in evaluation order
 * @param action the disruptive action that ended evaluation, or PASS
 * @param status the HTTP status for a denial, 0 otherwise
 * @param ruleId the id of the rule whose disruptive action ended evaluation, or 0
 * @param enforced whether the action takes effect ({@code SecRuleEngine On}); false when the rule
 *     engine ran in DetectionOnly, where {@code action} is what would have happened
 * @param inboundAnomalyScore {@code TX:blocking_inbound_anomaly_score} at the end, or 0
 */
public record SecLangResult(
    List<MatchedRule> matches,
    Disruptive action,
    int status,
    long ruleId,
    boolean enforced,
    int inboundAnomalyScore) {

  public SecLangResult {
    matches = List.copyOf(matches);
  }

  /** Whether the request is to be denied. */
  public boolean denied() {
    return enforced && action.denies();
  }

  /** The ids of the matched rules that log (those without {@code nolog}). */
  public List<Long> loggedIds() {
    return matches.stream().filter(MatchedRule::logged).map(MatchedRule::id).toList();
  }

  /**
   * One matched rule.
   *
   * @param id the rule id
   * @param phase the phase it ran in
   * @param msg the expanded message, or an empty string
   * @param logdata the expanded log data, or an empty string
   * @param tags the rule's tags
   * @param severity 0..7, or -1
   * @param logged whether the rule logs its matches
   */
  public record MatchedRule(
      long id,
      int phase,
      String msg,
      String logdata,
      List<String> tags,
      int severity,
      boolean logged) {
    public MatchedRule {
      tags = List.copyOf(tags);
    }
  }
}
