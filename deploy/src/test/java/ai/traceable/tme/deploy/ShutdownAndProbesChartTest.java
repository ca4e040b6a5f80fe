package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Start-up and shutdown of the sidecar fit the gateway's: a startup probe protects a slow JVM
 * start, tme answers for at least Istio's drain, the pod's grace period covers tme's shutdown, and
 * the client-address setting reaches tme.
 */
class ShutdownAndProbesChartTest {

  private static InjectorTemplate template(String... sets) {
    return InjectorTemplate.of(Helm.render(Helm.CHART, List.of(), List.of(sets)));
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void aStartupProbeOnReadyHoldsOffTheOtherProbesUntilTmeServes() {
    Container tme = template().container();

    assertThat(tme.getStartupProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(tme.getStartupProbe().getHttpGet().getPort().getIntVal()).isEqualTo(7626);
    assertThat(
            tme.getStartupProbe().getPeriodSeconds() * tme.getStartupProbe().getFailureThreshold())
        .as("seconds a start may take")
        .isGreaterThanOrEqualTo(60);
  }

  @Test
  void tmeKeepsAnsweringForIstiosDrainAndThePodWaitsForItsShutdown() {
    InjectorTemplate template = template();
    Map<String, String> env = env(template.container());

    assertThat(env)
        .containsEntry("TME_UNREADY_DELAY", "5s")
        .containsEntry("TME_SHUTDOWN_GRACE", "5s");
    assertThat(template.pod().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
  }

  @Test
  void aLongerDrainIsAcceptedWithAMatchingDelayAndGracePeriod() {
    InjectorTemplate template =
        template(
            "gateway.drainDuration=20s",
            "sidecar.unreadyDelay=22.5s",
            "sidecar.terminationGracePeriodSeconds=40");

    assertThat(env(template.container())).containsEntry("TME_UNREADY_DELAY", "22.5s");
    assertThat(template.pod().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(40L);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "gateway.drainDuration=10s | sidecar.unreadyDelay (5s) is shorter than gateway.drainDuration (10s)",
        "sidecar.unreadyDelay=4.5s,gateway.drainDuration=4.6s | is shorter than gateway.drainDuration",
        "sidecar.terminationGracePeriodSeconds=14 | sidecar.terminationGracePeriodSeconds (14) is shorter",
        "sidecar.unreadyDelay=25s,gateway.drainDuration=25s | sidecar.terminationGracePeriodSeconds (30)",
      })
  void refusesShutdownValuesThatCutTmeOff(String sets, String message) {
    for (List<String> extra :
        List.of(
            List.<String>of(), List.of("injector.enabled=false", "sidecarPatch.enabled=true"))) {
      List<String> all = new java.util.ArrayList<>(List.of(sets.split(",")));
      all.addAll(extra);
      Helm.Result result = Helm.template(Helm.CHART, List.of(), all);

      assertThat(result.exitCode()).as(all.toString()).isNotZero();
      assertThat(result.stderr()).contains(message);
    }
  }

  @Test
  void trustedHopsReachTme() {
    assertThat(env(template().container())).containsEntry("TME_TRUSTED_HOPS", "0");
    assertThat(env(template("sidecar.trustedHops=2").container()))
        .containsEntry("TME_TRUSTED_HOPS", "2");
  }
}
