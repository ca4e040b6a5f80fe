package ai.traceable.tme.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Connection churn against a running tme (its own JVM): 10,000 HTTP/2 connections, each opened,
 * given a Check and closed, 32 at a time; every tenth is then closed abruptly in the middle of a
 * second call (a request sent but never finished, then a TCP reset). Afterwards tme's connection
 * actors, Java threads, open file descriptors and live heap after GC must come back to what they
 * were before, within small bounds.
 *
 * <p>Connection actors stop after {@code tme.connection.idle-timeout} (1 s here): Pekko HTTP gives
 * no connection-closed signal, so idleness is how tme lets go of a connection.
 */
class ChurnIT {
  private static final String HOST = "127.0.0.1";
  private static final int CONNECTIONS = 10_000;
  private static final int WARM_UP_CONNECTIONS = 500;
  private static final int PARALLEL = 32;
  private static final int ABRUPT_EVERY = 10;
  private static final Duration CHURN_LIMIT = Duration.ofSeconds(60);
  private static final int THREADS_MORE = 4;
  private static final int FDS_MORE = 4;
  private static final double HEAP_MORE_MIB = 8;

  private final CheckRequest request = Scenario.BENIGN.pool().get(0);

  @Test
  void tenThousandConnectionsOpenedAndClosedLeaveNothingBehind() throws Exception {
    Path jar = Path.of(System.getProperty("tme.jar", "../tme/target/tme.jar"));
    Path logs =
        Files.createDirectories(Path.of(System.getProperty("tme.it.logs", "target/it-logs")));
    List<String> jvm =
        List.of(
            "-XX:ActiveProcessorCount=2",
            "-Xms256m",
            "-Xmx256m",
            "-Dtme.connection.idle-timeout=1s");
    Bench.ServerSpec spec =
        Bench.tme("tme-churn", jvm, jar, "off", "http://127.0.0.1:4318/v1/traces", Map.of());
    URI metrics =
        URI.create("http://" + HOST + ":" + spec.env().get("TME_MANAGEMENT_PORT") + "/metrics");
    EventLoopGroup group = new NioEventLoopGroup(2);
    ExecutorService workers = Executors.newFixedThreadPool(PARALLEL);
    try (ServerProcess tme =
        ServerProcess.start(
            spec.name(), spec.command(), spec.env(), logs.resolve("tme-churn.log"))) {
      tme.awaitServing(HOST, spec.port(), Duration.ofSeconds(60));
      ServerProbe probe = new ServerProbe(tme.pid(), metrics);
      // the same paths once, so classes, JIT, pools and the attach listener exist at the baseline
      churn(spec.port(), WARM_UP_CONNECTIONS, group, workers);
      probe.liveHeapBytes();
      AtomicReference<ServerProbe.Reading> quiet = new AtomicReference<>();
      await("connection actors of the warm-up stopped")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> probe.read().connectionActors() == 0);
      ServerProbe.Reading baseline = probe.read();
      double startedBefore = started(probe);

      long start = System.nanoTime();
      int answered = churn(spec.port(), CONNECTIONS, group, workers);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals(CONNECTIONS, answered, "every connection's Check answered OK");
      assertTrue(took.compareTo(CHURN_LIMIT) < 0, "churn took " + took);
      // tme keys connection actors by the peer's address and port: a connection reset by the
      // client frees its port at once (no TIME_WAIT), and the kernel may hand it to a new
      // connection before the old actor has idled out, which then shares that actor. So nearly
      // every connection, not every one, starts its own.
      double actors = started(probe) - startedBefore;
      System.out.printf(
          "churn: %d connections, %.0f connection actors started%n", CONNECTIONS, actors);
      assertTrue(
          actors >= CONNECTIONS * 0.95,
          "each connection had its own connection actor: " + actors + " for " + CONNECTIONS);
      await("tme back to its baseline " + baseline)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                ServerProbe.Reading now = probe.read();
                quiet.set(now);
                return now.connectionActors() == 0
                    && now.threads() <= baseline.threads() + THREADS_MORE
                    && now.openFds() <= baseline.openFds() + FDS_MORE
                    && now.liveHeapMiB() <= baseline.liveHeapMiB() + HEAP_MORE_MIB;
              });
      System.err.printf(
          "churn: %,d connections (%,d cut mid-call) in %d ms; baseline %s, after %s%n",
          CONNECTIONS, CONNECTIONS / ABRUPT_EVERY, took.toMillis(), baseline, quiet.get());
    } finally {
      workers.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private static double started(ServerProbe probe) throws Exception {
    return ServerProbe.gauge(probe.metricsText(), "tme_connection_actors_started_total");
  }

  /**
   * Opens {@code count} connections, {@link #PARALLEL} at a time; returns the Checks answered OK.
   */
  private int churn(int port, int count, EventLoopGroup group, ExecutorService workers)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<Integer>> results = new ArrayList<>();
    for (int w = 0; w < PARALLEL; w++) {
      results.add(
          workers.submit(
              () -> {
                int ok = 0;
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                  ok += connectCheckAndClose(port, group, i % ABRUPT_EVERY == 0) ? 1 : 0;
                }
                return ok;
              }));
    }
    int ok = 0;
    for (Future<Integer> result : results) {
      ok += result.get(CHURN_LIMIT.toSeconds(), TimeUnit.SECONDS);
    }
    return ok;
  }

  /**
   * One connection: a Check, then either an orderly close or, when {@code abrupt}, a second call
   * whose request is sent but never finished, cut by closing the socket with a TCP reset.
   */
  private boolean connectCheckAndClose(int port, EventLoopGroup group, boolean abrupt)
      throws InterruptedException {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(HOST, port)
            .eventLoopGroup(group)
            .channelType(NioSocketChannel.class)
            .usePlaintext();
    if (abrupt) {
      // linger 0: close() sends RST instead of FIN
      builder.withOption(ChannelOption.SO_LINGER, 0);
    }
    ManagedChannel channel = builder.build();
    try {
      CheckResponse response =
          AuthorizationGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .check(request);
      if (abrupt) {
        ClientCall<CheckRequest, CheckResponse> call =
            channel.newCall(AuthorizationGrpc.getCheckMethod(), CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {}, new Metadata());
        call.request(1);
        call.sendMessage(request);
        // no halfClose: tme has the headers and the message, and waits for the end of the stream
        channel.shutdownNow();
      } else {
        channel.shutdown();
      }
      return response.getStatus().getCode() == 0;
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
