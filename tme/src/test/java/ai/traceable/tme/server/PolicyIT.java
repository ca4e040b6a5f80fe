package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.FailSafeEngine;
import ai.traceable.tme.engine.OnError;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesLoader;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Custom policies through the real gRPC port, with a clock the test moves. */
class PolicyIT {
  private static final String RULES =
      """
      detection: { enabled: false }
      policies:
        sources:
          - id: ban-for-ten-minutes
            expiresAfter: PT10M
            cidrs: [203.0.113.0/24]
        rateLimits:
          - id: login
            methods: [POST]
            paths: [/login]
            limit: 3
            period: PT1M
            window: fixed
      """;

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private TmeFixture start(int trustedHops, Map<String, Object> config) throws Exception {
    RuleSet rules = RulesLoader.parse(RULES.getBytes(StandardCharsets.UTF_8), "it.yaml");
    PolicyState state = new PolicyState(1000, Duration.ofMinutes(10), 429, nanos::get, null);
    return TmeFixture.start(
        config,
        new FailSafeEngine(rules.engine(EngineMode.BLOCK, trustedHops, state), OnError.ALLOW));
  }

  private static CheckRequest login(String ip) {
    return Requests.http(
        "POST", "/login", Map.of(), ip, "u=a&p=b".getBytes(StandardCharsets.UTF_8));
  }

  private static int httpStatus(CheckResponse r) {
    return r.getStatus().getCode() == 0 ? 200 : r.getDeniedResponse().getStatus().getCodeValue();
  }

  @Test
  void rateLimitTripsAfterTheLimitWith429AndResetsAfterTheWindow() throws Exception {
    try (TmeFixture tme = start(0, Map.of());
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      for (int i = 0; i < 3; i++) {
        assertThat(httpStatus(client.check(login("192.0.2.1")))).isEqualTo(200);
      }
      CheckResponse denied = client.check(login("192.0.2.1"));
      assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
      assertThat(httpStatus(denied)).isEqualTo(429);
      assertThat(denied.getDynamicMetadata().getFieldsOrThrow("tme.rule_ids").getStringValue())
          .isEqualTo("login");
      assertThat(httpStatus(client.check(login("192.0.2.2")))).isEqualTo(200);
      nanos.addAndGet(Duration.ofMinutes(1).toNanos());
      assertThat(httpStatus(client.check(login("192.0.2.1")))).isEqualTo(200);
    }
  }

  @Test
  void rateLimitStatusComesFromConfigurationAndOtherDenialsKeepTheBlockingStatus()
      throws Exception {
    try (TmeFixture tme = start(0, Map.of("tme.blocking.status-code", 451));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      assertThat(httpStatus(client.check(Requests.get("/")))).isEqualTo(200);
      assertThat(httpStatus(client.check(login("203.0.113.4")))).isEqualTo(451);
      for (int i = 0; i < 3; i++) {
        client.check(login("192.0.2.1"));
      }
      assertThat(httpStatus(client.check(login("192.0.2.1")))).isEqualTo(429);
    }
  }

  @Test
  void expiringBlockExpiresOnceItsDurationHasPassed() throws Exception {
    try (TmeFixture tme = start(0, Map.of());
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      CheckRequest banned = Requests.http("GET", "/", Map.of(), "203.0.113.50", null);
      assertThat(httpStatus(client.check(banned))).isEqualTo(403);
      nanos.addAndGet(Duration.ofMinutes(10).toNanos());
      assertThat(httpStatus(client.check(banned))).isEqualTo(200);
    }
  }

  @Test
  void trustedForwardedForEntryIsTheClientAddress() throws Exception {
    try (TmeFixture tme = start(1, Map.of());
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      CheckRequest viaProxy =
          Requests.http(
              "GET", "/", Map.of("x-forwarded-for", "198.51.100.1, 203.0.113.9"), "10.0.0.1", null);
      CheckRequest spoofedFirstHop =
          Requests.http(
              "GET", "/", Map.of("x-forwarded-for", "203.0.113.9, 198.51.100.1"), "10.0.0.1", null);
      assertThat(httpStatus(client.check(viaProxy))).isEqualTo(403);
      assertThat(httpStatus(client.check(spoofedFirstHop))).isEqualTo(200);
    }
  }
}
