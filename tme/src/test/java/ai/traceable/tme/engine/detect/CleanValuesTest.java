package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import ai.traceable.tme.engine.inspect.RequestView;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CleanValuesTest {
  private static Inspected value(Placement p, String name, String raw) {
    return new Inspected(p, name, raw, raw);
  }

  @Test
  void remembersExactlyTheValueItsPlaceAndItsName() {
    CleanValues clean = new CleanValues(64);
    clean.add(value(Placement.HEADER, "user-agent", "curl/8"));
    assertThat(clean.contains(value(Placement.HEADER, "user-agent", "curl/8"))).isTrue();
    assertThat(clean.contains(value(Placement.HEADER, "referer", "curl/8"))).isFalse();
    assertThat(clean.contains(value(Placement.QUERY, "user-agent", "curl/8"))).isFalse();
    assertThat(clean.contains(value(Placement.HEADER, "user-agent", "curl/9"))).isFalse();
    assertThat(clean.contains(value(Placement.HEADER, "x", "a".repeat(2000)))).isFalse();
  }

  @Test
  void theEngineSkipsOnlyValuesThatWereCleanAndStillFindsAttacksEveryTime() {
    AtomicInteger inspections = new AtomicInteger();
    RuleTable.Builder rules = RuleTable.builder(AttackClass.SQLI);
    DetectionRule rule = rules.add("sqli-999", Severity.CRITICAL, 1, "t");
    RuleTable table = rules.build();
    Detector counting =
        new Detector() {
          @Override
          public RuleTable table() {
            return table;
          }

          @Override
          public void inspect(Inspected value, Hits hits) {
            inspections.incrementAndGet();
            if (value.decoded().contains("evil")) {
              hits.hit(rule, value.decoded());
            }
          }
        };
    DetectionStage engine = new DetectionStage(List.of(counting), DetectionSettings.DEFAULTS);
    RequestView benign =
        new RequestView("GET", "/a", "h", Map.of("x-a", List.of("ok")), new byte[0], false, "", 0);
    RequestView attack =
        new RequestView(
            "GET", "/a", "h", Map.of("x-a", List.of("evil")), new byte[0], false, "", 0);

    engine.inspect(benign, false);
    int first = inspections.get();
    engine.inspect(benign, false);
    assertThat(inspections.get()).isEqualTo(first); // path and header both remembered clean

    assertThat(engine.inspect(attack, false).score()).isEqualTo(5);
    assertThat(engine.inspect(attack, false).score()).isEqualTo(5);
  }
}
