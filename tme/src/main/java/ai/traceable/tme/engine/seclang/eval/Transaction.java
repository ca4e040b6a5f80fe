package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.SecLangRequest;
import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.RuleEngineMode;
import ai.traceable.tme.engine.seclang.model.Variable;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state of one request while rules run: request variables, the {@code TX} collection, the last
 * matches, and what {@code ctl} actions changed. Created per request and used by one thread.
 */
final class Transaction {

  final RequestVariables request;
  final long startNanos;
  final String uniqueId;

  /** TX entries by lower-case name; names compare case-insensitively as in ModSecurity. */
  private final Map<String, Entry> tx = new LinkedHashMap<>();

  final List<Entry> matchedVars = new ArrayList<>();
  Entry matchedVar;
  RuleEngineMode engineMode;
  String bodyProcessor;
  boolean bodyAccess;

  /** {@code ctl:forceRequestBodyVariable}: REQUEST_BODY even after the XML processor. */
  boolean forceRequestBody;

  /** The starters (by {@link Link#starter}) that {@code ctl:ruleRemoveBy*} took out, or null. */
  BitSet removed;

  /** The {@code ctl:ruleRemoveTargetBy*} in force: which starters lose which targets. */
  final List<TargetRemoval> removedTargets = new ArrayList<>(0);

  /** The request's values after the transformation chains, with the prefilter's answers. */
  final ValueCache values;

  /** The chain starter being evaluated, for {@code RULE} and for ctl target removal. */
  Link current;

  /** What one {@code ctl:ruleRemoveTargetBy*} removes: these targets from these starters. */
  record TargetRemoval(BitSet starters, List<VariableSpec> targets) {}

  boolean capturing;

  final RulePlan plan;

  Transaction(
      RulePlan plan,
      SecLangRequest request,
      RuleEngineMode mode,
      boolean bodyAccess,
      long startNanos) {
    this.plan = plan;
    this.request = new RequestVariables(request);
    this.values = new ValueCache(plan, this);
    this.engineMode = mode;
    this.bodyAccess = bodyAccess;
    this.startNanos = startNanos;
    this.uniqueId = Long.toHexString(startNanos ^ System.identityHashCode(request));
  }

  /** The value of {@code TX:name}, or null. */
  String tx(String name) {
    Entry e = tx.get(name.toLowerCase(Locale.ROOT));
    return e == null ? null : e.value();
  }

  /** The TX entry called {@code name} as a list of zero or one. */
  List<Entry> txEntry(String name) {
    Entry e = tx.get(name.toLowerCase(Locale.ROOT));
    return e == null ? List.of() : List.of(e);
  }

  void setTx(String name, String value) {
    tx.put(name.toLowerCase(Locale.ROOT), new Entry(Variable.TX, name, value));
  }

  void deleteTx(String name) {
    tx.remove(name.toLowerCase(Locale.ROOT));
  }

  /** Every entry a variable has now, before selectors and exclusions. */
  List<Entry> entries(Variable v) {
    return switch (v) {
      case TX -> List.copyOf(tx.values());
      case MATCHED_VARS -> List.copyOf(matchedVars);
      case MATCHED_VARS_NAMES ->
          matchedVars.stream()
              .map(e -> new Entry(Variable.MATCHED_VARS_NAMES, e.key(), e.key()))
              .toList();
      case RULE -> ruleEntries();
      default -> {
        if (v.collection()) {
          yield request.collection(v);
        }
        Entry e = scalar(v);
        yield e == null ? List.of() : List.of(e);
      }
    };
  }

  /** The entry of a scalar variable, or null. */
  Entry scalar(Variable v) {
    return switch (v) {
      case MATCHED_VAR -> matchedVar == null ? null : new Entry(v, null, matchedVar.value());
      case MATCHED_VAR_NAME -> matchedVar == null ? null : new Entry(v, null, matchedVar.key());
      case REQBODY_PROCESSOR -> bodyProcessor == null ? null : new Entry(v, null, bodyProcessor);
      case UNIQUE_ID -> new Entry(v, null, uniqueId);
      case DURATION -> new Entry(v, null, Long.toString((System.nanoTime() - startNanos) / 1000));
      case HIGHEST_SEVERITY -> new Entry(v, null, "255");
      default -> request.scalar(v);
    };
  }

  private List<Entry> ruleEntries() {
    if (current == null) {
      return List.of();
    }
    Rule currentRule = current.rule;
    List<Entry> out = new ArrayList<>();
    out.add(new Entry(Variable.RULE, "id", Long.toString(currentRule.id())));
    out.add(new Entry(Variable.RULE, "phase", Integer.toString(currentRule.phase())));
    if (currentRule.meta().msg() != null) {
      out.add(new Entry(Variable.RULE, "msg", currentRule.meta().msg().source()));
    }
    if (currentRule.meta().severity() >= 0) {
      out.add(
          new Entry(Variable.RULE, "severity", Integer.toString(currentRule.meta().severity())));
    }
    return out;
  }
}
