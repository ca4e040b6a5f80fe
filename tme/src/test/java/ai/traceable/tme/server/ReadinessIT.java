package ai.traceable.tme.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.management.ManagementServer;
import ai.traceable.tme.management.ServingState;
import com.typesafe.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** /ready follows the gRPC binding; /alive follows the actor system. */
class ReadinessIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private int get(int port, String path) throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void readyOnlyAfterTheGrpcPortIsBoundAndNotOnceShutdownBegins() throws Exception {
    Config config = TmeFixture.config(Map.of());
    TmeSettings settings = TmeSettings.fromConfig(config);
    int port = settings.management().port();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "readiness", config);
    try {
      ServingState serving = ServingState.get(system);
      serving.markRulesLoaded();
      ManagementServer.start(system, settings.management())
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      assertEquals(200, get(port, "/alive"));
      assertEquals(500, get(port, "/ready"));

      ExtAuthzServer.start(system, settings, request -> Decision.Allow.clean())
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      serving.markGrpcBound();
      assertEquals(200, get(port, "/ready"));

      serving.markStopping();
      assertEquals(500, get(port, "/ready"));
      assertEquals(200, get(port, "/alive"));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
