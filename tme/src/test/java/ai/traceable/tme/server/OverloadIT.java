package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.engine.Decision;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With {@code tme.check.on-overload = deny}, a check over the connection's in-flight limit is
 * denied at once through the real port, instead of answered with an error Envoy's
 * failure_mode_allow would let through.
 */
class OverloadIT {
  @Test
  void aCheckOverTheInFlightLimitIsDeniedWhenThePolicySaysSo() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TmeFixture tme =
            TmeFixture.start(
                Map.of("tme.connection.max-in-flight", 1, "tme.check.on-overload", "deny"),
                request -> {
                  if (request.pathOnly().equals("/block")) {
                    try {
                      release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  return Decision.Allow.clean();
                });
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      Future<CheckResponse> holding = client.checkAsync(Requests.get("/block"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> tme.server().connections().checksInFlight() == 1);

      CheckResponse refused = client.check(Requests.get("/next"));

      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
      assertThat(refused.getDynamicMetadata().getFieldsMap().get("tme.decision").getStringValue())
          .isEqualTo("fail-closed");
      release.countDown();
      assertThat(holding.get(10, TimeUnit.SECONDS).getStatus().getCode()).isZero();
    } finally {
      release.countDown();
    }
  }
}
