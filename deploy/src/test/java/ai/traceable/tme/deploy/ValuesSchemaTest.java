package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** values.schema.json and the templates refuse values that would deploy something broken. */
class ValuesSchemaTest {

  private static Helm.Result templateWith(String... sets) {
    return Helm.template(Helm.CHART, List.of(), List.of(sets));
  }

  @ParameterizedTest
  @CsvSource({
    "blockingStatusCode=600, blockingStatusCode",
    "blockingStatusCode=399, blockingStatusCode",
    "blockingStatusCode=200, blockingStatusCode",
    "injector.blockingConfig.blockingStatusCode=600, blockingStatusCode",
    "injector.blockingConfig.blockingStatusCode=302, blockingStatusCode"
  })
  void refusesADenialStatusOutside400To499(String set, String key) {
    Helm.Result result = templateWith(set);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr())
        .contains(key)
        .containsAnyOf("less than or equal to 499", "greater than or equal to 400");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 429, 499})
  void acceptsEveryDenialStatusFrom400To499(int status) {
    assertThat(
            templateWith(
                    "blockingStatusCode=" + status,
                    "injector.blockingConfig.blockingStatusCode=" + status)
                .succeeded())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "envoyFilter.failureModeAlow=false",
        "blockingStatuscode=403",
        "injector.blockingConfig.status=403",
        "injector.failurePolicy=Sometimes",
        "sidecar.engineMode=audit",
        "envoyFilter.timeout=250",
        "injector.timeoutSeconds=31",
        "capture.endpoint=agent:4318",
        "rules.reloadInterval=2",
        "rules.existingConfigMap.name=Rules_File"
      })
  void refusesUnknownOrInvalidValues(String set) {
    assertThat(templateWith(set).exitCode()).as(set).isNotZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rules.inline=version: v1,rules.existingConfigMap.name=waf | choose one source of rules",
        "rules.inline=ipLists: [ | rules.inline is not valid YAML",
        "capture.tls.secretName=agent-ca | is not https://",
        "capture.tls.secretName=agent-ca,capture.endpoint=https://agent:4318/v1/traces,"
            + "capture.tls.customCa=false | neither capture.tls.customCa",
      })
  void refusesRulesAndCaptureSettingsThatCannotWorkTogether(String sets, String message) {
    Helm.Result result = templateWith(sets.split(",(?=[a-z]+\\.)"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains(message);
  }

  @Test
  void refusesBothWiringsOnTheSameGateway() {
    Helm.Result result = templateWith("authorizationPolicy.enabled=true");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("authorizationPolicy.enabled");
  }

  @Test
  void theTemplatesRefuseBothWiringsEvenWithoutTheSchema() {
    Helm.Result result =
        Helm.run(
            List.of(
                "template",
                "tme",
                Helm.CHART.toString(),
                "--skip-schema-validation",
                "--set",
                "authorizationPolicy.enabled=true"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("enable one of them");
  }
}
