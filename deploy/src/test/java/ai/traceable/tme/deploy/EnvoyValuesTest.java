package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema accepts exactly the Envoy values Envoy accepts: what it lets through parses into
 * Envoy's classes with the meaning intended, and what Envoy would refuse is refused at install.
 */
class EnvoyValuesTest {

  private static ExtAuthz extAuthz(String... sets) {
    Rendered rendered = Helm.render(Helm.CHART, List.of(), List.of(sets));
    IstioModel.EnvoyFilter filter =
        IstioModel.read(rendered.one("EnvoyFilter"), IstioModel.EnvoyFilter.class);
    JsonNode value =
        filter.spec().configPatches().stream()
            .filter(p -> p.applyTo() == IstioModel.ApplyTo.HTTP_FILTER)
            .findFirst()
            .orElseThrow()
            .patch()
            .value();
    return EnvoyConfig.extAuthz(EnvoyConfig.httpFilter(value));
  }

  /** Envoy's HTTP status codes from 400 to 599. */
  static List<Integer> envoyErrorStatuses() {
    return Arrays.stream(StatusCode.values())
        .filter(c -> c != StatusCode.UNRECOGNIZED)
        .map(StatusCode::getNumber)
        .filter(n -> n >= 400 && n <= 599)
        .toList();
  }

  @ParameterizedTest
  @CsvSource({"0.25s, 250", "1s, 1000", "1.5s, 1500", "0.005s, 5", "30s, 30000"})
  void durationsTheSchemaAcceptsMeanTheSameToEnvoy(String value, long millis) {
    ExtAuthz extAuthz = extAuthz("envoyFilter.timeout=" + value);

    assertThat(Durations.toMillis(extAuthz.getGrpcService().getTimeout())).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"250ms", "1m", "0.25", "1h", "-1s", "1.5 s", "1e2s"})
  void durationsEnvoyCannotReadAreRefused(String value) {
    for (String key : List.of("envoyFilter.timeout", "envoyFilter.connectTimeout")) {
      Helm.Result result = Helm.template(Helm.CHART, List.of(), List.of(key + "=" + value));

      assertThat(result.exitCode()).as(key + "=" + value).isNotZero();
      assertThat(result.stderr()).contains(key.substring(key.indexOf('.') + 1));
    }
  }

  @ParameterizedTest
  @MethodSource("envoyErrorStatuses")
  void everyErrorStatusEnvoyDefinesIsAccepted(int status) {
    ExtAuthz extAuthz =
        extAuthz("envoyFilter.failureModeAllow=false", "envoyFilter.statusOnError=" + status);

    assertThat(extAuthz.getStatusOnError().getCodeValue()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(ints = {399, 418, 420, 444, 499, 509, 599, 600})
  void statusesEnvoyDoesNotDefineAreRefused(int status) {
    assertThat(envoyErrorStatuses()).doesNotContain(status);

    Helm.Result result =
        Helm.template(Helm.CHART, List.of(), List.of("envoyFilter.statusOnError=" + status));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("statusOnError");
  }

  @org.junit.jupiter.api.Test
  void theSchemaListsExactlyEnvoysErrorStatuses() throws IOException {
    JsonNode schema =
        Helm.readYaml(Files.readString(Helm.CHART.resolve("values.schema.json")))
            .at("/properties/envoyFilter/properties/statusOnError/enum");
    List<Integer> listed = new ArrayList<>();
    schema.forEach(code -> listed.add(code.asInt()));

    assertThat(listed).containsExactlyElementsOf(envoyErrorStatuses());
  }
}
