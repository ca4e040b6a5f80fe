package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every values set the chart ships lints cleanly and renders only valid objects. */
class ChartRenderTest {

  /** The default values (no file) and every ci/*-values.yaml. */
  static Stream<String> valuesSets() {
    List<String> sets = new ArrayList<>();
    sets.add("");
    sets.addAll(Helm.ciValuesFiles());
    return sets.stream();
  }

  private static List<String> files(String valuesFile) {
    return valuesFile.isEmpty() ? List.of() : List.of(valuesFile);
  }

  @ParameterizedTest(name = "helm lint --strict {0}")
  @MethodSource("valuesSets")
  void lintsWithoutWarnings(String valuesFile) {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", Helm.CHART.toString()));
    files(valuesFile)
        .forEach(f -> args.addAll(List.of("--values", Helm.CHART.resolve(f).toString())));

    Helm.Result lint = Helm.run(args);

    assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
    assertThat(lint.stdout()).contains("0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
  }

  @ParameterizedTest(name = "objects of {0}")
  @MethodSource("valuesSets")
  void rendersOnlyObjectsThatMatchTheirSchemas(String valuesFile) {
    Rendered rendered = Helm.render(Helm.CHART, files(valuesFile), List.of());

    assertThat(rendered.objects()).isNotEmpty();
    ChartValidator.validate(rendered);
  }

  @ParameterizedTest(name = "one wiring in {0}")
  @MethodSource("valuesSets")
  void wiresEachGatewayOneWayOnly(String valuesFile) {
    Rendered rendered = Helm.render(Helm.CHART, files(valuesFile), List.of());

    int envoyFilters = rendered.ofKind("EnvoyFilter").size();
    int policies = rendered.ofKind("AuthorizationPolicy").size();
    assertThat(envoyFilters + policies).isEqualTo(1);
  }
}
