package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Variable;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request's values after each transformation chain, and the prefilter's answer for each, both
 * computed at most once per transaction and shared by every rule that asks.
 *
 * <p>A value is kept per (entry, node of the plan's transformation tree), so chains that share a
 * prefix share its work. Its prefilter answer (the operators one of whose literals it holds) is
 * computed with one Aho-Corasick pass, and reused for a child node whose transformation returned
 * the very same string. Per variable and node, the union of its entries' answers tells whether an
 * operator can match any value of the variable at all: most rules are decided by that one bit,
 * without looking at a single value.
 *
 * <p>Only the request's own variables are cached ({@link #cached}); {@code TX} and the match
 * variables change as rules run. The body processor adds entries between phases 1 and 2, so the
 * cache is emptied then ({@link #clear}). Owned by one transaction.
 */
final class ValueCache {

  /** Variables whose entries change during the transaction, or are created on each read. */
  private static final Set<Variable> DYNAMIC =
      EnumSet.of(
          Variable.TX,
          Variable.MATCHED_VARS,
          Variable.MATCHED_VARS_NAMES,
          Variable.MATCHED_VAR,
          Variable.MATCHED_VAR_NAME,
          Variable.RULE,
          Variable.DURATION,
          Variable.UNIQUE_ID,
          Variable.REQBODY_PROCESSOR,
          Variable.HIGHEST_SEVERITY);

  private final RulePlan plan;
  private final Transaction t;
  private final Values[] byVariable = new Values[Variable.values().length];

  /**
   * Prefilter answers by content: requests repeat values (the same field in every item of a JSON
   * array, a header and its cookie), and hashing a value costs less than scanning it.
   */
  private final Map<String, long[]> answers = new HashMap<>();

  ValueCache(RulePlan plan, Transaction t) {
    this.plan = plan;
    this.t = t;
  }

  /** Whether the entries of {@code v} are the request's own, fixed for a phase. */
  static boolean cached(Variable v) {
    return !DYNAMIC.contains(v);
  }

  /** Forgets everything: the request's variables changed. */
  void clear() {
    Arrays.fill(byVariable, null);
  }

  /** Whether {@code e} is a request entry this cache holds. */
  boolean holds(Entry e) {
    if (e.index() < 0) {
      return false;
    }
    Values vs = values(e.variable());
    return e.index() < vs.entries.size() && vs.entries.get(e.index()) == e;
  }

  /** The value of {@code e} (see {@link #holds}) after the chain of tree node {@code node}. */
  String value(Entry e, int node) {
    return values(e.variable()).value(e.index(), node);
  }

  /** Whether the prefilter admits operator {@code slot} for {@code e} after node {@code node}. */
  boolean admits(Entry e, int node, int slot) {
    long[] bits = values(e.variable()).bits(e.index(), node);
    return (bits[slot >>> 6] & (1L << slot)) != 0;
  }

  /** Whether the prefilter admits operator {@code slot} for any value of {@code v} after node. */
  boolean admitsAny(Variable v, int node, int slot) {
    long[] bits = values(v).union(node);
    return (bits[slot >>> 6] & (1L << slot)) != 0;
  }

  private long[] answer(String value) {
    long[] b = answers.get(value);
    if (b == null) {
      b = new long[plan.prefilter.words()];
      plan.prefilter.candidates(value, b);
      answers.put(value, b);
    }
    return b;
  }

  private Values values(Variable v) {
    Values vs = byVariable[v.ordinal()];
    if (vs == null) {
      List<Entry> entries;
      if (v.collection()) {
        entries = t.request.collection(v);
      } else {
        Entry e = t.request.scalar(v);
        entries = e == null ? List.of() : List.of(e);
      }
      vs = new Values(entries);
      byVariable[v.ordinal()] = vs;
    }
    return vs;
  }

  /** One variable's entries with their cached values, answers and unions. */
  private final class Values {
    final List<Entry> entries;
    final String[][] values;
    final long[][][] bits;
    final long[][] unions;

    Values(List<Entry> entries) {
      this.entries = entries;
      this.values = new String[entries.size()][];
      this.bits = new long[entries.size()][][];
      this.unions = new long[plan.nodes()][];
    }

    String value(int entry, int node) {
      String[] vs = values[entry];
      if (vs == null) {
        vs = new String[plan.nodes()];
        vs[0] = entries.get(entry).value();
        values[entry] = vs;
      }
      String v = vs[node];
      if (v == null) {
        v = plan.steps[node].apply(value(entry, plan.parents[node]));
        vs[node] = v;
      }
      return v;
    }

    long[] bits(int entry, int node) {
      long[][] bs = bits[entry];
      if (bs == null) {
        bs = new long[plan.nodes()][];
        bits[entry] = bs;
      }
      long[] b = bs[node];
      if (b == null) {
        String v = value(entry, node);
        if (node != 0 && value(entry, plan.parents[node]) == v) {
          b = bits(entry, plan.parents[node]); // the transformation changed nothing
        } else {
          b = answer(v);
        }
        bs[node] = b;
      }
      return b;
    }

    long[] union(int node) {
      long[] u = unions[node];
      if (u == null) {
        u = new long[plan.prefilter.words()];
        for (int e = 0; e < entries.size(); e++) {
          long[] b = bits(e, node);
          for (int w = 0; w < u.length; w++) {
            u[w] |= b[w];
          }
        }
        unions[node] = u;
      }
      return u;
    }
  }
}
