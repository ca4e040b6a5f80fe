package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of every detector on one value (this reaches the JavaScript scanner, the
 * Log4j lookup resolver and the others through the detectors that use them). Properties: {@link
 * Detector#inspect} never throws, as its contract says, and reports only its own rules.
 */
class DetectorsFuzzTest {
  private static final List<Detector> DETECTORS = Detectors.all();
  private static final Placement[] PLACEMENTS = Placement.values();

  @FuzzTest
  void detectorsAcceptAnyValue(byte[] data) {
    check(data);
  }

  @Test
  void survivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(getClass(), "detectorsAcceptAnyValue", 2000, DetectorsFuzzTest::check);
  }

  static void check(byte[] data) {
    if (data.length == 0) {
      return;
    }
    String raw = FuzzInputs.text(data, 1, data[0]);
    Placement placement = PLACEMENTS[(data[0] & 0xff) % PLACEMENTS.length];
    Inspected value = new Inspected(placement, "p", raw, Decoding.decode(raw, false));
    for (Detector detector : DETECTORS) {
      List<DetectionRule> rules = detector.rules();
      detector.inspect(
          value,
          (rule, snippet) -> {
            assertThat(rules).contains(rule);
            assertThat(snippet).isNotNull();
          });
    }
  }
}
