package ai.traceable.tme.engine.seclang.operator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule-set-wide prefilter: one Aho-Corasick pass over a value tells which of many operators may
 * match it, so only those run. Built once from the operators of a rule set (in the evaluator's
 * order, which gives their indexes); immutable and thread-safe.
 *
 * <p>An operator is a candidate for a value when it is not {@link Prefiltered}, has no required
 * literals, or one of its literals occurs in the value (ignoring ASCII case). Skipping the others
 * cannot change any result: they would have returned false. Values must be given after the
 * transformations of the rules concerned, so the evaluator groups operators by transformation chain
 * and builds one index per chain, or checks per operator with {@link
 * Prefiltered#requiredLiterals()}.
 */
public final class PrefilterIndex {
  private final int size;
  private final long[] always;
  private final PhraseMatcher literals;

  /** Per automaton state that ends literals: the operators of all of them, as a bit set. */
  private final long[][] masks;

  private PrefilterIndex(List<? extends Operator> operators) {
    size = operators.size();
    always = new long[(size + 63) >>> 6];
    List<Set<Integer>> byLiteral = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    Map<String, Integer> literalIndex = new HashMap<>();
    for (int op = 0; op < size; op++) {
      List<String> required =
          operators.get(op) instanceof Prefiltered p ? p.requiredLiterals() : List.of();
      if (required.isEmpty()) {
        always[op >>> 6] |= 1L << op;
        continue;
      }
      for (String literal : required) {
        int index =
            literalIndex.computeIfAbsent(
                PhraseMatcher.foldAscii(literal),
                l -> {
                  texts.add(l);
                  byLiteral.add(new LinkedHashSet<>());
                  return texts.size() - 1;
                });
        byLiteral.get(index).add(op);
      }
    }
    literals = PhraseMatcher.of(texts);
    // the matcher numbers phrases in its own order (folded, deduplicated): map back by text
    List<String> matched = literals.phrases();
    int[][] operatorsByLiteral = new int[matched.size()][];
    for (int k = 0; k < matched.size(); k++) {
      operatorsByLiteral[k] =
          byLiteral.get(literalIndex.get(matched.get(k))).stream()
              .mapToInt(Integer::intValue)
              .toArray();
    }
    masks = new long[literals.states()][];
    for (int state = 0; state < masks.length; state++) {
      int[] found = literals.outputs(state);
      if (found != null) {
        masks[state] = new long[always.length];
        for (int literal : found) {
          for (int op : operatorsByLiteral[literal]) {
            masks[state][op >>> 6] |= 1L << op;
          }
        }
      }
    }
  }

  /** An index over {@code operators}; operator {@code i} is bit {@code i} of the candidate sets. */
  public static PrefilterIndex of(List<? extends Operator> operators) {
    return new PrefilterIndex(operators);
  }

  /** How many words {@link #candidates} needs. */
  public int words() {
    return always.length;
  }

  /**
   * Fills {@code bits} (at least {@link #words()} long) with the operators that may match {@code
   * value}: bit {@code i % 64} of word {@code i / 64}.
   */
  public void candidates(String value, long[] bits) {
    System.arraycopy(always, 0, bits, 0, always.length);
    if (literals.isEmpty()) {
      return;
    }
    literals.orMasks(value, masks, bits);
  }
}
