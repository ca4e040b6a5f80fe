package ai.traceable.tme.conformance;

import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real tme started with {@code java -jar tme.jar} (path from the {@code tme.jar} system property)
 * on free ephemeral ports, its environment set by the test, its stdout and stderr in a file under
 * {@code target/it-logs}. {@link #close()} sends SIGTERM if it still runs. Not thread-safe: one
 * test class drives one instance.
 */
final class TmeProcess implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final int grpcPort;
  private final int managementPort;
  private ManagedChannel channel;

  private TmeProcess(Process process, Path log, int grpcPort, int managementPort) {
    this.process = process;
    this.log = log;
    this.grpcPort = grpcPort;
    this.managementPort = managementPort;
  }

  /** Starts tme with {@code env} on top of its defaults and waits until {@code /ready} is 200. */
  static TmeProcess startReady(String name, Map<String, String> env) {
    TmeProcess tme = start(name, env, freePort(), freePort());
    tme.awaitReady();
    return tme;
  }

  /**
   * Starts tme without waiting. Inherited {@code TME_*} variables are removed; capture is off, both
   * servers bind loopback and SIGTERM closes the port without an unready delay, unless {@code env}
   * says otherwise.
   */
  static TmeProcess start(String name, Map<String, String> env, int grpcPort, int managementPort) {
    String jar = System.getProperty("tme.jar", "../tme/target/tme.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(jar + " is missing: build the tme module first");
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put("TME_GRPC_INTERFACE", HOST);
    all.put("TME_GRPC_PORT", Integer.toString(grpcPort));
    all.put("TME_MANAGEMENT_INTERFACE", HOST);
    all.put("TME_MANAGEMENT_PORT", Integer.toString(managementPort));
    all.put("TME_CAPTURE_ENABLED", "false");
    // nothing drains in front of these processes: stop at once on SIGTERM
    all.put("TME_UNREADY_DELAY", "0s");
    all.putAll(env);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a quick start matters more here than peak speed
    command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=2"));
    command.addAll(List.of("-jar", jar));
    try {
      Path logs =
          Files.createDirectories(Path.of(System.getProperty("tme.it.logs", "target/it-logs")));
      Path log = logs.resolve(name + "-" + SEQUENCE.incrementAndGet() + ".log");
      ProcessBuilder builder =
          new ProcessBuilder().redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("TME_"));
      Utf8Environment.apply(builder, command, all);
      return new TmeProcess(builder.start(), log, grpcPort, managementPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port that was free a moment ago (bound to port 0, then closed). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code GET /ready} answers 200; fails at once if the process exits. */
  void awaitReady() {
    await("tme /ready (log: " + log + ")")
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "tme exited with " + process.exitValue() + " before ready:\n" + log());
              }
              return managementStatus("/ready") == 200;
            });
  }

  /** The body of a management endpoint, or empty when it cannot be reached. */
  String managementBody(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + managementPort + path))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The HTTP status of a management endpoint, or -1 when it cannot be reached. */
  int managementStatus(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + managementPort + path))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A channel to tme's gRPC port, created on first use and closed with this process. */
  ManagedChannel channel() {
    if (channel == null) {
      channel = NettyChannelBuilder.forAddress(HOST, grpcPort).usePlaintext().build();
    }
    return channel;
  }

  /** Envoy's blocking client on {@link #channel()}, with a 10 s deadline per call. */
  AuthorizationGrpc.AuthorizationBlockingStub stub() {
    return AuthorizationGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  int grpcPort() {
    return grpcPort;
  }

  /** Everything the process wrote so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> logLines() {
    return log().lines().toList();
  }

  /**
   * Waits for the process to exit on its own (bounded).
   *
   * @return the exit status
   */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("tme still runs after " + EXIT_TIMEOUT + "; log:\n" + log());
    }
    return process.exitValue();
  }

  /**
   * Closes the channel, sends SIGTERM and waits for the exit (bounded).
   *
   * @return the exit status
   */
  int stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
    process.destroy();
    return awaitExit();
  }

  /** Stops the process if it still runs; kills it if it does not exit in time. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        process.destroyForcibly();
      }
    }
  }
}
