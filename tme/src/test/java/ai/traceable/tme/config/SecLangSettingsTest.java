package ai.traceable.tme.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.seclang.SecLangProfile;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecLangSettingsTest {

  private static SecLangSettings fromEnv(Map<String, String> env) {
    return SecLangSettings.fromConfig(TmeConfig.load(ConfigFactory.empty(), env));
  }

  @Test
  void offByDefault() {
    SecLangSettings s = fromEnv(Map.of());
    assertThat(s.enabled()).isFalse();
    assertThat(s.profile()).isEqualTo(SecLangProfile.HYBRID);
  }

  @Test
  void theEnvironmentTakesACommaSeparatedListInOrderAndTheProfile() {
    SecLangSettings s =
        fromEnv(
            Map.of(
                "TME_SECLANG_RULES", "/etc/crs/crs-setup.conf, /etc/crs/rules/*.conf,",
                "TME_SECLANG_PROFILE", "ALL"));
    assertThat(s.rules()).containsExactly("/etc/crs/crs-setup.conf", "/etc/crs/rules/*.conf");
    assertThat(s.profile()).isEqualTo(SecLangProfile.ALL);
  }

  @Test
  void configurationTakesAList() {
    SecLangSettings s =
        SecLangSettings.fromConfig(
            TmeConfig.load(
                ConfigFactory.parseMap(Map.of("tme.seclang.rules", List.of("a.conf", "b/*.conf"))),
                Map.of()));
    assertThat(s.rules()).containsExactly("a.conf", "b/*.conf");
    assertThat(s.profile()).isEqualTo(SecLangProfile.HYBRID);
  }

  @Test
  void anUnknownProfileIsRefusedWithTheKey() {
    assertThatThrownBy(() -> fromEnv(Map.of("TME_SECLANG_PROFILE", "some")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tme.seclang.profile");
  }
}
