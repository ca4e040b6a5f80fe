package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Ctl;
import ai.traceable.tme.engine.seclang.model.Effect;
import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.RuleSet;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import ai.traceable.tme.engine.seclang.operator.Operator;
import ai.traceable.tme.engine.seclang.operator.PrefilterIndex;
import ai.traceable.tme.engine.seclang.operator.Prefiltered;
import ai.traceable.tme.engine.seclang.transform.Transformation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RuleSet} compiled for evaluation, once per rule set: the rules of each phase as {@link
 * Link}s, the tree of their transformation chains, one prefilter over the literals of every
 * operator that has some, where each {@code skipAfter} lands, and which rules each {@code ctl}
 * removal names. Immutable and thread-safe.
 */
final class RulePlan {
  private final Link[][] phases = new Link[5][];
  private final List<Link> starters = new ArrayList<>();
  private final List<Operator> prefiltered = new ArrayList<>();
  private final TransformTree tree = new TransformTree();
  private final Map<Ctl, BitSet> removals = new IdentityHashMap<>();

  final PrefilterIndex prefilter;
  final int[] parents;
  final Transformation[] steps;

  RulePlan(RuleSet rules) {
    for (int p = 1; p <= 5; p++) {
      List<Rule> phase = rules.phase(p);
      Link[] links = new Link[phase.size()];
      for (int i = 0; i < links.length; i++) {
        links[i] = chain(phase.get(i), starters.size(), skipAfterIndex(phase, i));
        if (!phase.get(i).isMarker()) {
          starters.add(links[i]);
        }
      }
      phases[p - 1] = links;
    }
    prefilter = PrefilterIndex.of(prefiltered);
    parents = tree.parents();
    steps = tree.steps();
    for (Link s : starters) {
      for (Link l = s; l != null; l = l.next) {
        for (Effect e : l.rule.effects()) {
          if (e instanceof Ctl c) {
            BitSet named = named(c);
            if (named != null) {
              removals.put(c, named);
            }
          }
        }
      }
    }
  }

  /** The rules and markers of {@code phase} (1..5), in order. */
  Link[] phase(int phase) {
    return phases[phase - 1];
  }

  /** How many nodes the transformation tree has. */
  int nodes() {
    return steps.length;
  }

  /**
   * The starters (by {@link Link#starter}) that a {@code ctl} removal names, by id, tag or message;
   * null for other ctl actions.
   */
  BitSet removes(Ctl c) {
    BitSet known = removals.get(c);
    return known != null ? known : named(c);
  }

  private BitSet named(Ctl c) {
    if (c instanceof Ctl.RemoveById r) {
      return select(s -> r.ids().contains(s.rule.id()));
    } else if (c instanceof Ctl.RemoveByTagOrMsg r) {
      return select(s -> RuleFilters.tagOrMsgMatches(s.rule, r.pattern(), r.byMsg()));
    } else if (c instanceof Ctl.RemoveTargetById r) {
      return select(s -> r.ids().contains(s.rule.id()));
    } else if (c instanceof Ctl.RemoveTargetByTagOrMsg r) {
      return select(s -> RuleFilters.tagOrMsgMatches(s.rule, r.pattern(), r.byMsg()));
    }
    return null;
  }

  private BitSet select(java.util.function.Predicate<Link> which) {
    BitSet out = new BitSet(starters.size());
    for (Link s : starters) {
      if (which.test(s)) {
        out.set(s.starter);
      }
    }
    return out;
  }

  private Link chain(Rule rule, int starter, int skipAfterIndex) {
    Link next = rule.chained() == null ? null : chain(rule.chained(), starter, -1);
    int node = tree.node(rule.transformations());
    int slot = -1;
    if (rule.operator() != null
        && rule.operator().operator() instanceof Prefiltered p
        && !p.requiredLiterals().isEmpty()) {
      slot = prefiltered.size();
      prefiltered.add(p);
    }
    boolean skippable =
        slot >= 0 && !rule.operator().negated() && !rule.multiMatch() && readsValues(rule);
    return new Link(rule, starter, next, node, slot, skippable, skipAfterIndex);
  }

  private static boolean readsValues(Rule rule) {
    for (VariableSpec target : rule.targets()) {
      if (target.count() || !ValueCache.cached(target.variable())) {
        return false;
      }
    }
    return !rule.targets().isEmpty();
  }

  /** Where a match of rule {@code i} with {@code skipAfter} resumes from: see {@link Link}. */
  private static int skipAfterIndex(List<Rule> phase, int i) {
    String to = phase.get(i).skipAfter();
    if (to == null) {
      return -1;
    }
    for (int k = i + 1; k < phase.size(); k++) {
      Rule r = phase.get(k);
      if (r.isMarker() ? to.equals(r.marker()) : to.equals(Long.toString(r.id()))) {
        return k;
      }
    }
    return phase.size();
  }
}
