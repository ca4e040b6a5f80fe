package ai.traceable.tme.engine.seclang.model;

import ai.traceable.tme.engine.seclang.transform.Transformation;
import java.util.List;

/**
 * One compiled rule ({@code SecRule}, {@code SecAction} or {@code SecMarker}), immutable. A chain
 * is the starter rule with its {@link #chained} rules; only the starter carries the id, phase,
 * metadata, flow and disruptive actions.
 *
 * @param file the file that defined it
 * @param line the line of the definition
 * @param id the id, or 0 for chained rules and markers
 * @param phase 1..5
 * @param marker the {@code SecMarker} name, or null for rules
 * @param targets the variables to inspect (no exclusions); empty for {@code SecAction}
 * @param exclusions the {@code !VAR:key} elements
 * @param operator the operator; null for {@code SecAction} and markers (always matches)
 * @param transformations the transformation chain after the last {@code t:none}
 * @param multiMatch whether the operator runs after every transformation that changes the value
 * @param capture whether the operator stores its groups in {@code TX.0..9}
 * @param meta message, log data, tags, severity
 * @param effects setvar and ctl actions, in order
 * @param disruptive the disruptive action, with {@code block} resolved
 * @param status the status for a denial, or 0 for the default
 * @param skip how many following rules to skip after a match, or 0
 * @param skipAfter the marker or rule id to skip to after a match, or null
 * @param chained the next rule of the chain, or null
 */
public record Rule(
    String file,
    int line,
    long id,
    int phase,
    String marker,
    List<VariableSpec> targets,
    List<VariableSpec> exclusions,
    RuleOperator operator,
    List<Transformation> transformations,
    boolean multiMatch,
    boolean capture,
    RuleMeta meta,
    List<Effect> effects,
    Disruptive disruptive,
    int status,
    int skip,
    String skipAfter,
    Rule chained) {

  public Rule {
    targets = List.copyOf(targets);
    exclusions = List.copyOf(exclusions);
    transformations = List.copyOf(transformations);
    effects = List.copyOf(effects);
  }

  /** Whether this is a {@code SecMarker}. */
  public boolean isMarker() {
    return marker != null;
  }

  /** The number of rules in this chain, this one included. */
  public int chainLength() {
    return chained == null ? 1 : 1 + chained.chainLength();
  }

  @Override
  public String toString() {
    return marker != null ? "SecMarker " + marker : "rule " + id + " (" + file + ":" + line + ")";
  }
}
