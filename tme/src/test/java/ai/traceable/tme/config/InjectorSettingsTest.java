package ai.traceable.tme.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InjectorSettingsTest {

  @Test
  void defaultsPointAtTheFilesTheChartMounts() {
    InjectorSettings s = InjectorSettings.fromConfig(TmeConfig.load());

    assertThat(s.iface()).isEqualTo("0.0.0.0");
    assertThat(s.port()).isEqualTo(8443);
    assertThat(s.certFile()).isEqualTo(Path.of("/etc/tme-injector/tls/tls.crt"));
    assertThat(s.keyFile()).isEqualTo(Path.of("/etc/tme-injector/tls/tls.key"));
    assertThat(s.templateFile()).isEqualTo(Path.of("/etc/tme-injector/template/sidecar.yaml"));
  }

  @Test
  void rejectsAPortOutOfRangeNamingTheKey() {
    assertThatThrownBy(
            () ->
                InjectorSettings.fromConfig(
                    TmeConfig.load(ConfigFactory.parseMap(Map.of("tme.injector.port", 70000)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tme.injector.port");
  }

  @Test
  void rejectsAnEmptyTemplatePath() {
    assertThatThrownBy(
            () ->
                InjectorSettings.fromConfig(
                    TmeConfig.load(
                        ConfigFactory.parseMap(Map.of("tme.injector.template-file", " ")))))
        .hasMessageContaining("tme.injector.template-file");
  }
}
