package ai.traceable.tme.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The image ({@code tme/target/tme-image.tar}) run by a real OCI runtime (runc) with a read-only
 * root filesystem, a tmpfs on /tmp, no capabilities and a 512 MiB / 2 CPU limit: it becomes ready,
 * answers Envoy's Check through its port (one allowed and one denied request, with Envoy's own
 * grpc-java classes), runs as 10001:10001 with the launcher's JVM flags, and stops cleanly on
 * SIGTERM. Skipped without the tar, root, umoci or runc, unless -Dtme.requireImage=true.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageRunIT {
  private static final String HOST = "127.0.0.1";
  // non-ASCII on purpose: Java 17 decodes the environment with the locale's charset (LANG)
  private static final String MESSAGE = "Zugriff verweigert – bitte nicht ✋";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OciContainer container;
  private ManagedChannel channel;
  private int grpcPort;
  private int managementPort;

  private Optional<String> unavailable;

  @BeforeAll
  void startImage() throws IOException {
    OciContainer.Result<String> runtime = OciContainer.runtime();
    unavailable = ImageTar.missing().or(runtime::unavailable);
    if (unavailable.isPresent()) {
      System.out.println("ImageRunIT cannot run the image: " + unavailable.get());
      return;
    }
    grpcPort = freePort();
    managementPort = freePort();
    container =
        OciContainer.start(
            ImageTar.TAR,
            runtime.value().orElseThrow(),
            Map.of(
                "TME_GRPC_INTERFACE",
                HOST,
                "TME_GRPC_PORT",
                Integer.toString(grpcPort),
                "TME_MANAGEMENT_INTERFACE",
                HOST,
                "TME_MANAGEMENT_PORT",
                Integer.toString(managementPort),
                "TME_CAPTURE_ENABLED",
                "false",
                "TME_BLOCKING_MESSAGE",
                MESSAGE,
                "TME_CPU_LIMIT",
                "2",
                // short shutdown phases keep the test quick; also shows TME_JAVA_OPTS applies
                "TME_JAVA_OPTS",
                "-Dtme.grpc.unready-delay=2s -Dtme.grpc.shutdown-grace=1s"),
            Path.of(System.getProperty("tme.it.logs", "target/it-logs")));
    await("tme in the container answers /ready 200")
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!container.isRunning()) {
                throw new AssertionError("the container exited before ready:\n" + container.log());
              }
              return status("/ready") == 200;
            });
    channel = NettyChannelBuilder.forAddress(HOST, grpcPort).usePlaintext().build();
  }

  /** Each test is skipped (or fails with -Dtme.requireImage=true) when the image cannot run. */
  @BeforeEach
  void requireRunningImage() {
    ImageTar.assumeAvailable(unavailable);
  }

  @AfterAll
  void stopImage() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (container != null) {
      container.close();
    }
  }

  @Test
  @Order(1)
  void answersReadyAndAliveOnTheManagementPort() {
    assertThat(status("/ready")).isEqualTo(200);
    assertThat(status("/alive")).isEqualTo(200);
  }

  @Test
  @Order(2)
  void allowsABenignRequestThroughTheContainersGrpcPort() {
    CheckResponse response = check("/products?page=2");
    assertThat(response.getStatus().getCode()).isEqualTo(Status.Code.OK.value());
    assertThat(response.hasOkResponse()).isTrue();
  }

  @Test
  @Order(3)
  void deniesAnAttackWith403AndTheConfiguredUtf8Message() {
    CheckResponse response = check("/search?q=1'%20OR%20'1'='1");
    assertThat(response.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Forbidden);
    assertThat(response.getDeniedResponse().getBody()).isEqualTo(MESSAGE);
  }

  @Test
  @Order(4)
  void runsAsUser10001WithTheJvmAsTheContainersFirstProcess() throws IOException {
    long pid = container.pid();
    List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
    assertThat(status).anyMatch(l -> l.matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001"));
    assertThat(status).anyMatch(l -> l.matches("Gid:\\s+10001\\s+10001\\s+10001\\s+10001"));
    List<String> args =
        List.of(
            new String(
                    Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                    StandardCharsets.UTF_8)
                .split("\0"));
    assertThat(args.get(0)).as("the launcher exec'd java").endsWith("/bin/java");
    assertThat(args)
        .containsSubsequence(
            "-XX:+UseG1GC",
            "-XX:ActiveProcessorCount=2",
            "-Dtme.grpc.unready-delay=2s",
            "ai.traceable.tme.Main");
  }

  @Test
  @Order(5)
  void runsG1WithAHeapOfSixtyPercentOfTheMemoryLimit() {
    // without the launcher's flag the JVM would pick Serial GC under 512 MiB ("Tenured Gen")
    Optional<Double> oldGenMax = metric(body("/metrics"), "jvm_memory_max_bytes", "G1 Old Gen");
    assertThat(oldGenMax).as("G1's old generation in /metrics").isPresent();
    double expected = OciContainer.MEMORY_LIMIT * 0.6;
    assertThat(oldGenMax.get()).isBetween(expected * 0.95, expected * 1.01);
  }

  @Test
  @Order(6)
  void turnsUnreadyThenExitsZeroOnSigterm() throws InterruptedException {
    long signalled = System.nanoTime();
    container.kill("TERM");
    await("/ready stops answering 200 while tme drains")
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> status("/ready") != 200);
    assertThat(container.isRunning()).as("still running during the unready delay").isTrue();
    Optional<Integer> exit = container.awaitExit(STOP_TIMEOUT);
    Duration took = Duration.ofNanos(System.nanoTime() - signalled);
    assertThat(exit).as("exited within " + STOP_TIMEOUT + "; log:\n" + container.log()).isPresent();
    assertThat(exit.get()).as("exit status (log:\n" + container.log() + ")").isZero();
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(container.log())
        .contains("Running CoordinatedShutdown with reason [JvmExitReason]")
        .doesNotContain("Read-only file system")
        .doesNotContain("Exception");
  }

  private CheckResponse check(String path) {
    AttributeContext.HttpRequest http =
        AttributeContext.HttpRequest.newBuilder()
            .setId("image-it")
            .setMethod("GET")
            .setPath(path)
            .setHost("shop.example")
            .setScheme("http")
            .setProtocol("HTTP/1.1")
            .putHeaders("user-agent", "Mozilla/5.0 (X11; Linux x86_64)")
            .build();
    CheckRequest request =
        CheckRequest.newBuilder()
            .setAttributes(
                AttributeContext.newBuilder()
                    .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
            .build();
    return AuthorizationGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(request);
  }

  /** The value of a Prometheus sample whose labels include {@code id="<id>"}. */
  private static Optional<Double> metric(String text, String name, String id) {
    Pattern sample =
        Pattern.compile(
            "^" + name + "\\{[^}]*id=\"" + Pattern.quote(id) + "\"[^}]*}\\s+(\\S+)$",
            Pattern.MULTILINE);
    Matcher m = sample.matcher(text);
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }

  private int status(String path) {
    try {
      return HTTP.send(get(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String body(String path) {
    try {
      return HTTP.send(get(path), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new AssertionError(path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(path + " interrupted", e);
    }
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + managementPort + path))
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
