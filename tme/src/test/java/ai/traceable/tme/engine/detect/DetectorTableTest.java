package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.DetectorHarness.Report;
import ai.traceable.tme.engine.inspect.Placement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two tables every detector test has: {@code attacks()} (placement, raw value, expected rule
 * id), each blocked at paranoia 1 with that rule among the findings, and {@code benign()}
 * (placement, raw value), each scoring below the blocking threshold. A subclass supplies the
 * detector and the two static tables; its own tests cover the rest.
 */
public abstract class DetectorTableTest {

  protected abstract Detector detector();

  protected static Arguments a(Placement placement, String raw, String rule) {
    return Arguments.of(placement, raw, rule);
  }

  protected static Arguments b(Placement placement, String raw) {
    return Arguments.of(placement, raw);
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("attacks")
  void blocksAttacks(Placement placement, String raw, String rule) {
    Report outcome = DetectorHarness.run(detector(), placement, raw);
    assertThat(outcome.blocks()).as("%s", outcome).isTrue();
    assertThat(outcome.ids(1)).as("%s", outcome).contains(rule);
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("benign")
  void allowsBenignText(Placement placement, String raw) {
    Report outcome = DetectorHarness.run(detector(), placement, raw);
    assertThat(outcome.score(1)).as("%s", outcome).isLessThan(DetectorHarness.THRESHOLD);
  }
}
