package ai.traceable.tme.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.OnError;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TmeSettingsTest {

  private static TmeSettings settings(Map<String, Object> overrides) {
    return TmeSettings.fromConfig(TmeConfig.load(ConfigFactory.parseMap(overrides)));
  }

  @Test
  void defaultsMatchTheOperationalContract() {
    TmeSettings s = settings(Map.of());
    assertThat(s.grpc().iface()).isEqualTo("127.0.0.1");
    assertThat(s.grpc().port()).isEqualTo(5442);
    assertThat(s.management().iface()).isEqualTo("0.0.0.0");
    assertThat(s.management().port()).isEqualTo(7626);
    assertThat(s.blocking().statusCode()).isEqualTo(403);
    assertThat(s.blocking().message()).isEqualTo("Access Forbidden");
    assertThat(s.engine().mode()).isEqualTo(EngineMode.BLOCK);
    assertThat(s.engine().rulesFile()).isEqualTo(Optional.empty());
    assertThat(s.engine().onError()).isEqualTo(OnError.ALLOW);
    assertThat(s.engine().parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.capture().enabled()).isTrue();
    assertThat(s.capture().endpoint().toString()).isEqualTo("http://127.0.0.1:4318/v1/traces");
    assertThat(s.connection().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.logFormat()).isEqualTo("text");
  }

  @ParameterizedTest(name = "configured {0} -> {1}")
  @CsvSource({
    "403, 403",
    "400, 400",
    "451, 451",
    "499, 499",
    "302, 403",
    "600, 403",
    "399, 403",
    "500, 403",
    "0, 403",
    "-1, 403"
  })
  void blockingStatusOutside400To499FallsBackTo403(int configured, int effective) {
    BlockingSettings blocking = settings(Map.of("tme.blocking.status-code", configured)).blocking();
    assertThat(blocking.statusCode()).isEqualTo(effective);
    assertThat(blocking.fellBack()).isEqualTo(configured != effective);
  }

  @Test
  void pekkoSettingsFollowTheTmeKeys() {
    var config =
        TmeConfig.load(
            ConfigFactory.parseMap(
                Map.of("tme.management.port", 9999, "tme.management.interface", "10.1.2.3")));
    assertThat(config.getInt("pekko.management.http.port")).isEqualTo(9999);
    assertThat(config.getString("pekko.management.http.hostname")).isEqualTo("10.1.2.3");
    assertThat(config.getString("pekko.http.server.enable-http2")).isEqualTo("on");
  }

  @Test
  void invalidValuesNameTheirKey() {
    assertThatThrownBy(() -> settings(Map.of("tme.engine.mode", "panic")))
        .hasMessageContaining("panic");
    assertThatThrownBy(() -> settings(Map.of("tme.grpc.port", 70000)))
        .hasMessageContaining("tme.grpc.port");
    assertThatThrownBy(() -> settings(Map.of("tme.capture.endpoint", "ftp://agent/")))
        .hasMessageContaining("tme.capture.endpoint");
    assertThatThrownBy(() -> settings(Map.of("tme.grpc.port", "many")))
        .hasMessageContaining("grpc.port");
  }

  @Test
  void environmentVariablesSetTheirKeysAndSettingsBeatThem() {
    Map<String, String> env =
        Map.of(
            "TME_UNREADY_DELAY", "7s",
            "TME_SHUTDOWN_GRACE", "11 s",
            "TME_BLOCKING_MESSAGE", "Zugriff verweigert – ü",
            "TME_GRPC_PORT", "6000");
    TmeSettings s =
        TmeSettings.fromConfig(
            TmeConfig.load(ConfigFactory.parseMap(Map.of("tme.grpc.port", 6001)), env));
    assertThat(s.grpc().unreadyDelay()).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.grpc().shutdownGrace()).isEqualTo(Duration.ofSeconds(11));
    assertThat(s.blocking().message()).isEqualTo("Zugriff verweigert – ü");
    assertThat(s.grpc().port()).as("a setting beats the environment").isEqualTo(6001);
  }

  @Test
  void aBadEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(
            () ->
                TmeSettings.fromConfig(
                    TmeConfig.load(ConfigFactory.empty(), Map.of("TME_GRPC_PORT", "many"))))
        .hasMessageContaining("TME_GRPC_PORT");
  }
}
