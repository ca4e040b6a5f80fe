package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefilterIndexTest {

  private static boolean bit(long[] bits, int i) {
    return (bits[i >>> 6] & (1L << i)) != 0;
  }

  @Test
  void picksOperatorsWhoseLiteralsOccurAndAlwaysThoseWithout() {
    List<Operator> ops =
        List.of(
            Operators.create("rx", "(?i)union\\s+select", n -> null),
            Operators.create("rx", "^\\d+$", n -> null),
            Operators.create("pm", "passwd shadow", n -> null),
            Operators.create("eq", "1", n -> null),
            Operators.create("contains", "<script", n -> null));
    PrefilterIndex index = PrefilterIndex.of(ops);
    long[] bits = new long[index.words()];
    index.candidates("1 UNION  select", bits);
    assertThat(List.of(bit(bits, 0), bit(bits, 1), bit(bits, 2), bit(bits, 3), bit(bits, 4)))
        .containsExactly(true, true, false, true, false);
    index.candidates("/etc/SHADOW<SCRIPT", bits);
    assertThat(List.of(bit(bits, 0), bit(bits, 1), bit(bits, 2), bit(bits, 3), bit(bits, 4)))
        .containsExactly(false, true, true, true, true);
  }

  /** Over all CRS regexes and the payload and benign inputs, no matching operator is left out. */
  @Test
  void neverLeavesOutAMatchingCrsOperator() {
    List<Operator> ops = new ArrayList<>();
    for (CrsSources.Rule rule : CrsSources.rules()) {
      if (rule.operatorName().equalsIgnoreCase("rx")) {
        ops.add(Operators.create("rx", rule.argument(), n -> null));
      }
    }
    PrefilterIndex index = PrefilterIndex.of(ops);
    long[] bits = new long[index.words()];
    List<String> inputs = new ArrayList<>(RegexInputs.crsPayloads());
    inputs.addAll(RegexInputs.benign());
    List<String> missed = new ArrayList<>();
    int candidates = 0;
    TestContext ctx = TestContext.plain();
    for (int k = 0; k < inputs.size(); k += 5) {
      String v = inputs.get(k);
      index.candidates(v, bits);
      for (int op = 0; op < ops.size(); op++) {
        candidates += bit(bits, op) ? 1 : 0;
        if (!bit(bits, op) && ops.get(op).matches(v, ctx)) {
          missed.add(op + " on " + v);
        }
      }
    }
    assertThat(candidates).isPositive();
    assertThat(missed).isEmpty();
  }
}
