package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The injector must never stand between the API server and pod creation: it fails open, never
 * receives its own pods, runs twice, and is taken down one replica at a time.
 */
class InjectorSafetyChartTest {
  private static final Map<String, String> GATEWAY_POD =
      Map.of("app", "istio-ingressgateway", "traceableai-istio", "enabled");

  private static MutatingWebhook webhook(Rendered rendered) {
    return ((MutatingWebhookConfiguration)
            KubernetesModel.read(rendered.one("MutatingWebhookConfiguration")))
        .getWebhooks()
        .get(0);
  }

  private static Deployment injector(Rendered rendered) {
    return (Deployment) KubernetesModel.read(rendered.one("Deployment"));
  }

  /** Kubernetes' label selector semantics: every matchLabels entry and every expression hold. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null
        && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
      String value = labels.get(r.getKey());
      boolean holds =
          switch (r.getOperator()) {
            case "In" -> value != null && r.getValues().contains(value);
            case "NotIn" -> value == null || !r.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new AssertionError("operator " + r.getOperator());
          };
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  @Test
  void failsOpenByDefault() {
    assertThat(webhook(Helm.render()).getFailurePolicy()).isEqualTo("Ignore");
  }

  @Test
  void theWebhookNeverReceivesTheInjectorsOwnPods() {
    Rendered rendered = Helm.render();
    LabelSelector selector = webhook(rendered).getObjectSelector();
    Map<String, String> injectorPod =
        injector(rendered).getSpec().getTemplate().getMetadata().getLabels();

    assertThat(matches(selector, injectorPod)).as("the injector's pod").isFalse();
    assertThat(matches(selector, GATEWAY_POD)).as("a gateway pod").isTrue();
  }

  @Test
  void theUsersObjectSelectorStillAppliesBesideTheExclusion() {
    Rendered rendered =
        Helm.render(
            Helm.CHART,
            List.of("ci/cert-manager-values.yaml"),
            List.of("injector.objectSelector.matchLabels.tier=edge"));
    LabelSelector selector = webhook(rendered).getObjectSelector();
    Map<String, String> injectorPod =
        injector(rendered).getSpec().getTemplate().getMetadata().getLabels();

    assertThat(matches(selector, Map.of("app", "istio-ingressgateway", "tier", "edge"))).isTrue();
    assertThat(matches(selector, Map.of("app", "istio-ingressgateway"))).isFalse();
    assertThat(matches(selector, Map.of("app", "other", "tier", "edge"))).isFalse();
    assertThat(matches(selector, injectorPod)).isFalse();
  }

  @Test
  void runsTwoReplicasSpreadOverNodesBehindADisruptionBudget() {
    Rendered rendered = Helm.render();
    Deployment deployment = injector(rendered);
    PodDisruptionBudget budget =
        (PodDisruptionBudget) KubernetesModel.read(rendered.one("PodDisruptionBudget"));
    Map<String, String> pod = deployment.getSpec().getTemplate().getMetadata().getLabels();
    var antiAffinity =
        deployment
            .getSpec()
            .getTemplate()
            .getSpec()
            .getAffinity()
            .getPodAntiAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(budget.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getMinAvailable()).isNull();
    assertThat(matches(budget.getSpec().getSelector(), pod)).isTrue();
    assertThat(antiAffinity)
        .singleElement()
        .satisfies(
            term -> {
              assertThat(term.getPodAffinityTerm().getTopologyKey())
                  .isEqualTo("kubernetes.io/hostname");
              assertThat(matches(term.getPodAffinityTerm().getLabelSelector(), pod)).isTrue();
            });
  }

  @Test
  void spreadingCanBeRequiredOrLeftOutAndTheBudgetTurnedOff() {
    Rendered hard = Helm.render(Helm.CHART, List.of(), List.of("injector.antiAffinity=hard"));
    Rendered none =
        Helm.render(
            Helm.CHART,
            List.of(),
            List.of("injector.antiAffinity=none", "injector.podDisruptionBudget.enabled=false"));

    assertThat(
            injector(hard)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(injector(none).getSpec().getTemplate().getSpec().getAffinity()).isNull();
    assertThat(none.ofKind("PodDisruptionBudget")).isEmpty();
  }
}
