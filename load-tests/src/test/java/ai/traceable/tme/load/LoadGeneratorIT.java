package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Status;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The generator against in-process servers on real ports. */
class LoadGeneratorIT {
  private static final String HOST = "127.0.0.1";

  @Test
  void closedLoopAgainstNoopServerAnswersEveryCheckAndReportsTheWindow() throws Exception {
    List<String> events = new ArrayList<>();
    MeasurementWindow window =
        new MeasurementWindow() {
          @Override
          public void opened() {
            events.add("opened");
          }

          @Override
          public void closed() {
            events.add("closed");
          }
        };
    try (NoopAuthzServer noop = NoopAuthzServer.start(HOST, 0)) {
      LoadSettings settings =
          LoadSettings.closedLoop(
              HOST,
              noop.port(),
              Scenario.BENIGN,
              2,
              8,
              Duration.ofMillis(300),
              Duration.ofSeconds(1));

      LoadResult result = LoadGenerator.run(settings, window, System.err);

      assertTrue(result.ok() > 100, result::summary);
      assertEquals(0, result.denied(), result::summary);
      assertEquals(0, result.errors(), result::summary);
      assertEquals(result.ok() / result.seconds(), result.throughput(), 1e-6);
      assertTrue(result.seconds() >= 1.0 && result.seconds() < 2.0, result::summary);
      assertTrue(result.latencyMicros().p50() > 0, result::summary);
      assertTrue(result.latencyMicros().p50() <= result.latencyMicros().max(), result::summary);
      assertEquals(List.of("opened", "closed"), events);
    }
  }

  @Test
  void extProcExchangesAgainstTheNoopExtProcServerAreAllAnswered() throws Exception {
    try (NoopExtProcServer noop = NoopExtProcServer.start(HOST, 0)) {
      LoadSettings settings =
          LoadSettings.closedLoop(
                  HOST,
                  noop.port(),
                  Scenario.API_JSON,
                  2,
                  8,
                  Duration.ofMillis(300),
                  Duration.ofSeconds(1))
              .withProtocol(Protocol.EXT_PROC);

      LoadResult result = LoadGenerator.run(settings);

      assertTrue(result.ok() > 50, result::summary);
      assertEquals(0, result.denied(), result::summary);
      assertEquals(0, result.errors(), result::summary);
    }
  }

  @Test
  void anExtProcExchangeIsFourMessagesWithABodyAndThreeWithout() {
    RequestPool api = Scenario.API_JSON.pool();
    RequestPool benign = Scenario.BENIGN.pool();
    var post = ExtProcExchanges.of(api.get(0));
    var get = ExtProcExchanges.of(benign.get(0));

    assertEquals(4, post.size());
    assertTrue(
        post.get(0).hasRequestHeaders() && !post.get(0).getRequestHeaders().getEndOfStream());
    assertTrue(post.get(1).hasRequestBody() && post.get(1).getRequestBody().getEndOfStream());
    assertTrue(post.get(3).hasResponseBody() && post.get(3).getResponseBody().getEndOfStream());
    assertEquals(3, get.size());
    assertTrue(get.get(0).getRequestHeaders().getEndOfStream());
    assertTrue(get.get(1).hasResponseHeaders());
  }

  @Test
  void countsPermissionDeniedAnswersAsDeniedNotAsErrors() throws Exception {
    Server server = start((request, reply) -> answer(reply, deny()));
    try {
      LoadResult result =
          LoadGenerator.run(
              LoadSettings.closedLoop(
                  HOST,
                  server.getPort(),
                  Scenario.BENIGN,
                  1,
                  4,
                  Duration.ZERO,
                  Duration.ofMillis(500)));

      assertTrue(result.denied() > 0, result::summary);
      assertEquals(0, result.ok(), result::summary);
      assertEquals(0, result.errors(), result::summary);
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void openLoopSendsAtTheTargetRate() throws Exception {
    try (NoopAuthzServer noop = NoopAuthzServer.start(HOST, 0)) {
      LoadSettings settings =
          LoadSettings.closedLoop(
                  HOST,
                  noop.port(),
                  Scenario.BENIGN,
                  2,
                  16,
                  Duration.ofMillis(300),
                  Duration.ofSeconds(2))
              .withRate(400);

      LoadResult result = LoadGenerator.run(settings);

      assertEquals("open", result.mode());
      assertEquals(0, result.errors(), result::summary);
      assertTrue(
          result.throughput() > 400 * 0.7 && result.throughput() < 400 * 1.3, result::summary);
    }
  }

  @Test
  void countsMissedDeadlinesAsErrors() throws Exception {
    Server server = start((request, reply) -> {});
    try {
      LoadSettings settings =
          new LoadSettings(
              HOST,
              server.getPort(),
              Scenario.BENIGN,
              1,
              4,
              0,
              Duration.ZERO,
              Duration.ofMillis(700),
              Duration.ofMillis(100),
              false);

      LoadResult result = LoadGenerator.run(settings);

      assertEquals(0, result.answered(), result::summary);
      assertTrue(result.errorsByKind().getOrDefault("DEADLINE_EXCEEDED", 0L) > 0, result::summary);
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void countsRefusedConnectionsAsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    LoadResult result =
        LoadGenerator.run(
            LoadSettings.closedLoop(
                HOST, closedPort, Scenario.BENIGN, 1, 4, Duration.ZERO, Duration.ofMillis(500)));

    assertEquals(0, result.answered(), result::summary);
    assertTrue(result.errorsByKind().getOrDefault("UNAVAILABLE", 0L) > 0, result::summary);
  }

  private static Server start(BiConsumer<CheckRequest, StreamObserver<CheckResponse>> handler)
      throws IOException {
    return NettyServerBuilder.forAddress(new InetSocketAddress(HOST, 0))
        .directExecutor()
        .addService(
            new AuthorizationGrpc.AuthorizationImplBase() {
              @Override
              public void check(CheckRequest request, StreamObserver<CheckResponse> reply) {
                handler.accept(request, reply);
              }
            })
        .build()
        .start();
  }

  private static CheckResponse deny() {
    return CheckResponse.newBuilder()
        .setStatus(Status.newBuilder().setCode(io.grpc.Status.Code.PERMISSION_DENIED.value()))
        .setDeniedResponse(DeniedHttpResponse.getDefaultInstance())
        .build();
  }

  private static void answer(StreamObserver<CheckResponse> reply, CheckResponse response) {
    reply.onNext(response);
    reply.onCompleted();
  }
}
