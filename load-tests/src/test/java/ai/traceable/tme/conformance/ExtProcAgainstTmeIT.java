package ai.traceable.tme.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.traceable.tme.load.LoadGenerator;
import ai.traceable.tme.load.LoadResult;
import ai.traceable.tme.load.LoadSettings;
import ai.traceable.tme.load.Protocol;
import ai.traceable.tme.load.Scenario;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ext_proc over the real port of a real tme, with Envoy's official grpc-java ext_proc classes: each
 * request of the attack-mix scenario as a whole exchange on its own stream.
 */
class ExtProcAgainstTmeIT {

  @Test
  void wholeExchangesAreAnsweredAndTheAttacksEndedWithAnImmediateResponse()
      throws InterruptedException {
    try (TmeProcess tme =
        TmeProcess.startReady("extproc-attack-mix", Map.of("TME_MODE", "ext_proc"))) {
      LoadSettings settings =
          LoadSettings.closedLoop(
                  TmeProcess.HOST,
                  tme.grpcPort(),
                  Scenario.ATTACK_MIX,
                  2,
                  16,
                  Duration.ofMillis(500),
                  Duration.ofSeconds(2))
              .withProtocol(Protocol.EXT_PROC);

      LoadResult result = LoadGenerator.run(settings);

      assertEquals(0, result.errors(), result::summary);
      assertTrue(result.answered() > 100, result::summary);
      double deniedShare = (double) result.denied() / result.answered();
      assertTrue(deniedShare > 0.04 && deniedShare < 0.06, result::summary);
      assertEquals(0, tme.stop(), "exit status after SIGTERM");
    }
  }
}
