package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OperatorsTest {

  @Test
  void findsNamesIgnoringCase() {
    assertThat(Operators.create("RX", "a", n -> null)).isInstanceOf(Rx.class);
    assertThat(Operators.create("detectsqli", "", n -> null)).isInstanceOf(DetectSqli.class);
    assertThat(Operators.create("BeginsWith", "a", n -> null)).isInstanceOf(StringCompare.class);
  }

  @Test
  void rejectsUnknownOperatorsByName() {
    assertThatThrownBy(() -> Operators.create("geoLookup", "", n -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("@geoLookup: unknown operator");
  }

  /** Every operator of every CRS rule compiles, data files included (read from the rules dir). */
  @Test
  void compilesEveryOperatorCrsUses() {
    Path rules = CrsSources.rulesDir();
    Map<String, Integer> used = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (CrsSources.Rule rule : CrsSources.rules()) {
      used.merge(rule.operatorName(), 1, Integer::sum);
      try {
        Operators.create(rule.operatorName(), rule.argument(), FileResources.in(rules));
      } catch (IllegalArgumentException e) {
        failures.add(rule.where() + ": " + e.getMessage());
      }
    }
    System.out.println("CRS operators: " + used);
    assertThat(failures).isEmpty();
    assertThat(used).containsKeys("rx", "pmFromFile", "detectSQLi", "detectXSS", "ipMatch");
  }
}
