package ai.traceable.tme.engine.seclang.model;

import com.google.re2j.Pattern;
import java.util.List;

/** A {@code ctl:} action: changes engine configuration for the current transaction only. */
public sealed interface Ctl extends Effect {

  /** {@code ctl:ruleEngine=On|Off|DetectionOnly}. */
  record RuleEngine(RuleEngineMode mode) implements Ctl {}

  /** {@code ctl:ruleRemoveById=...}: later rules with these ids do not run. */
  record RemoveById(IdRanges ids) implements Ctl {}

  /** {@code ctl:ruleRemoveByTag=...} and {@code ...ByMsg}: a regex over tags or the message. */
  record RemoveByTagOrMsg(Pattern pattern, boolean byMsg) implements Ctl {}

  /** {@code ctl:ruleRemoveTargetById=id;VAR:key}: the rules stop seeing these targets. */
  record RemoveTargetById(IdRanges ids, List<VariableSpec> targets) implements Ctl {}

  /** {@code ctl:ruleRemoveTargetByTag=tag;VAR:key} and {@code ...ByMsg}. */
  record RemoveTargetByTagOrMsg(Pattern pattern, boolean byMsg, List<VariableSpec> targets)
      implements Ctl {}

  /** {@code ctl:requestBodyProcessor=URLENCODED|MULTIPART|JSON|XML}. */
  record RequestBodyProcessor(String processor) implements Ctl {}

  /** {@code ctl:forceRequestBodyVariable=On|Off}. */
  record ForceRequestBodyVariable(boolean on) implements Ctl {}

  /** {@code ctl:requestBodyAccess=On|Off}. */
  record RequestBodyAccess(boolean on) implements Ctl {}

  /** A ctl that concerns logging or responses: accepted, without effect on the request. */
  record Ignored(String name) implements Ctl {}
}
