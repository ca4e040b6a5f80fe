package ai.traceable.tme.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server on a free loopback port, without persistence, for one test. The build brings
 * the binary: the embedded-redis test dependency's jar carries redis-server builds for Linux
 * (amd64, arm64), macOS (amd64, arm64) and Windows, and the one for this machine is copied out once
 * per JVM. Nothing needs to be installed. Also used by the shared-limits benchmark.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static Path binary;

  private final Process process;
  private final int port;
  private final Path log;

  private RedisServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static RedisServerProcess start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return start(port);
  }

  /** A server on {@code port}, e.g. that of one that was killed, as a restarted Redis would be. */
  public static RedisServerProcess start(int port) throws IOException {
    Path log = Files.createTempFile("tme-test-redis-", ".log");
    log.toFile().deleteOnExit();
    Process p =
        new ProcessBuilder(
                binary().toString(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    RedisServerProcess redis = new RedisServerProcess(p, port, log);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(redis::accepting);
    return redis;
  }

  /** The redis-server for this OS and CPU, copied out of the embedded-redis jar on first use. */
  private static synchronized Path binary() {
    if (binary == null) {
      String resource = resourceName();
      try (InputStream in =
          RedisServerProcess.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              resource + " is not on the test classpath (embedded-redis dependency)");
        }
        Path file = Files.createTempFile("tme-test-redis-server-", "");
        file.toFile().deleteOnExit();
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        if (!file.toFile().setExecutable(true)) {
          throw new IllegalStateException("cannot make " + file + " executable");
        }
        binary = file;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + resource + " out of its jar", e);
      }
    }
    return binary;
  }

  /** The name of the binary in embedded-redis 1.4.3's jar for this machine. */
  private static String resourceName() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
    if (os.contains("linux") && amd64) {
      return "redis-server-6.2.6-v5-linux-amd64";
    }
    if (os.contains("linux") && arm64) {
      return "redis-server-6.2.7-linux-arm64";
    }
    if (os.contains("mac") && amd64) {
      return "redis-server-6.2.6-v5-darwin-amd64";
    }
    if (os.contains("mac") && arm64) {
      return "redis-server-6.2.6-v5-darwin-arm64";
    }
    if (os.contains("windows") && amd64) {
      return "redis-server-5.0.14.1-windows-amd64.exe";
    }
    throw new IllegalStateException("no redis-server build for " + os + "/" + arch);
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * Makes the server hold every client's commands for {@code duration} (CLIENT PAUSE), as an
   * overloaded or stalled Redis would; returns at once.
   */
  public void pauseClients(Duration duration) {
    // Plain RESP over a socket, so that users of this test-jar need no Redis client library.
    String millis = Long.toString(duration.toMillis());
    String command =
        "*3\r\n$6\r\nCLIENT\r\n$5\r\nPAUSE\r\n$" + millis.length() + "\r\n" + millis + "\r\n";
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      s.setSoTimeout(2_000);
      s.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
      byte[] reply = s.getInputStream().readNBytes(5);
      if (!"+OK\r\n".equals(new String(reply, StandardCharsets.US_ASCII))) {
        throw new IllegalStateException(
            "CLIENT PAUSE answered " + new String(reply, StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean accepting() throws IOException {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "redis-server exited with " + process.exitValue() + ": " + Files.readString(log));
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Kills the server and waits until it is gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
