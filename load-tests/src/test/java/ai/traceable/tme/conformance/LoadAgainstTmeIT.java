package ai.traceable.tme.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.traceable.tme.load.LoadGenerator;
import ai.traceable.tme.load.LoadResult;
import ai.traceable.tme.load.LoadSettings;
import ai.traceable.tme.load.Scenario;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load generator's attack-mix scenario against a real tme on its bundled rules. */
class LoadAgainstTmeIT {

  @Test
  void attackMixIsAnsweredWithoutErrorsAndFivePercentDenied() throws InterruptedException {
    try (TmeProcess tme = TmeProcess.startReady("load-attack-mix", Map.of())) {
      LoadSettings settings =
          LoadSettings.closedLoop(
              TmeProcess.HOST,
              tme.grpcPort(),
              Scenario.ATTACK_MIX,
              2,
              16,
              Duration.ofMillis(500),
              Duration.ofSeconds(2));

      LoadResult result = LoadGenerator.run(settings);

      assertEquals(0, result.errors(), result::summary);
      assertTrue(result.answered() > 200, result::summary);
      double deniedShare = (double) result.denied() / result.answered();
      assertTrue(deniedShare > 0.04 && deniedShare < 0.06, result::summary);
      assertEquals(0, tme.stop(), "exit status after SIGTERM");
    }
  }
}
