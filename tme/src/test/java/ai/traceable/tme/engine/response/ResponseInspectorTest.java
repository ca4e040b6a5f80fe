package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponseInspectorTest {
  private static final byte[] LEAKY =
      "{\"user\":\"ann\",\"card\":\"4111 1111 1111 1111\",\"ssn\":\"123-45-6789\"}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void reportsEveryRuleThatMatchedInDetectorOrder() {
    LeakReport report =
        new ResponseInspector(Set.of(), 1 << 20).inspect("application/json", "", LEAKY);
    assertThat(report.ruleIds()).isEqualTo("leak-card-number,leak-us-ssn");
    assertThat(report.categories()).isEqualTo("pii");
  }

  @Test
  void redactionMasksByteForByteAndKeepsTheCardsLastFour() {
    LeakReport report =
        new ResponseInspector(Set.of(), 1 << 20).inspect("application/json", "", LEAKY);
    String redacted = new String(report.redact(LEAKY), StandardCharsets.UTF_8);
    assertThat(redacted)
        .isEqualTo("{\"user\":\"ann\",\"card\":\"***************1111\",\"ssn\":\"***********\"}");
  }

  @Test
  void leavesOutDisabledRulesBinaryAndCompressedBodiesAndBytesPastTheLimit() {
    assertThat(
            new ResponseInspector(Set.of("leak-card-number"), 1 << 20)
                .inspect("application/json", "", LEAKY)
                .ruleIds())
        .isEqualTo("leak-us-ssn");
    ResponseInspector all = new ResponseInspector(Set.of(), 1 << 20);
    assertThat(all.inspect("image/png", "", LEAKY).isEmpty()).isTrue();
    assertThat(all.inspect("application/json", "gzip", LEAKY).isEmpty()).isTrue();
    assertThat(new ResponseInspector(Set.of(), 20).inspect("", "", LEAKY).isEmpty()).isTrue();
  }
}
