package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.transform.Transformation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transformation chains of a rule set as a prefix tree: node 0 is the empty chain, and each
 * other node applies one transformation to its parent's result. Chains that share a prefix share
 * its nodes, so a value's {@code t:urlDecodeUni} result is computed once for every chain that
 * starts with it. A parent's number is always smaller than its children's. Built once per rule set,
 * then read-only.
 */
final class TransformTree {
  private final List<Integer> parents = new ArrayList<>(List.of(-1));
  private final List<Transformation> steps = new ArrayList<>();
  private final Map<String, Integer> byPath = new HashMap<>();

  TransformTree() {
    steps.add(null);
  }

  /** The node of {@code chain}, added with its prefixes when new. */
  int node(List<Transformation> chain) {
    int node = 0;
    StringBuilder path = new StringBuilder();
    for (Transformation t : chain) {
      path.append(t.name()).append(',');
      int parent = node;
      node =
          byPath.computeIfAbsent(
              path.toString(),
              p -> {
                parents.add(parent);
                steps.add(t);
                return steps.size() - 1;
              });
    }
    return node;
  }

  /** How many nodes there are. */
  int size() {
    return steps.size();
  }

  /** Each node's parent, -1 for node 0. */
  int[] parents() {
    return parents.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Each node's transformation, null for node 0. */
  Transformation[] steps() {
    return steps.toArray(Transformation[]::new);
  }
}
