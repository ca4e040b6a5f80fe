package ai.traceable.tme.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySettingsTest {

  private static PolicySettings policy(Map<String, Object> overrides) {
    return TmeSettings.fromConfig(TmeConfig.load(ConfigFactory.parseMap(overrides))).policy();
  }

  @Test
  void defaultsAreBoundedLocalCountersAnd429() {
    PolicySettings p = policy(Map.of());
    assertThat(p.maxKeys()).isEqualTo(100_000);
    assertThat(p.idleExpiry()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.rateLimitStatus()).isEqualTo(429);
    assertThat(p.redis()).isEmpty();
  }

  @Test
  void redisIsReadOnlyWhenEnabled() {
    PolicySettings p =
        policy(
            Map.of(
                "tme.policy.redis.enabled", true,
                "tme.policy.redis.uri", "redis://redis.tme:6380/2",
                "tme.policy.redis.timeout", "15 ms"));
    assertThat(p.redis()).isPresent();
    assertThat(p.redis().get().uri()).isEqualTo("redis://redis.tme:6380/2");
    assertThat(p.redis().get().timeout()).isEqualTo(Duration.ofMillis(15));
    assertThat(p.redis().get().retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.redis().get().keyPrefix()).isEqualTo("tme:rl:");
    assertThat(p.redis().get().syncInterval()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void rateLimitStatusOutsideClientErrorsIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> policy(Map.of("tme.policy.rate-limit-status", 503)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tme.policy.rate-limit-status must be within 400-499, was 503");
  }
}
