package ai.traceable.tme.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.PolicyTestKit;
import ai.traceable.tme.rules.RulesLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up warm-up exercises detection without touching policy state. */
class WarmUpTest {

  @Test
  void theSamplesReachDetectionAndCarryAttacksOfManyClasses() {
    StagedEngine engine = RulesLoader.loadBundled().engine(EngineMode.BLOCK);
    List<RequestView> samples = WarmUp.samples();
    long denied = samples.stream().filter(s -> engine.evaluate(s) instanceof Decision.Deny).count();
    // the clean browser GET stays allowed; the others are built to reach detectors' slow paths
    assertThat(engine.evaluate(samples.get(0))).isInstanceOf(Decision.Allow.class);
    assertThat(denied).isEqualTo(samples.size() - 1);
  }

  @Test
  void warmingUpLeavesRateLimitsUntouched() {
    String oneRequestPerMinute =
        """
        policies:
          rateLimits:
            - id: rl
              key: [ip]
              limit: 1
              period: PT1M
        """;
    StagedEngine engine =
        PolicyTestKit.engine(oneRequestPerMinute, new PolicyTestKit.ManualClock());

    engine.warmUp(WarmUp.samples(), 3);

    RequestView sameAddressAsTheSamples = WarmUp.samples().get(0);
    assertThat(engine.evaluate(sameAddressAsTheSamples).label()).isEqualTo("allow");
    assertThat(engine.evaluate(sameAddressAsTheSamples).label()).isEqualTo("deny");
  }
}
