package ai.traceable.tme.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Apache httpd in the foreground with a generated {@link ApacheConfig}, in its own directory. Its
 * CPU is the parent's plus its worker child's. Closing it stops it (SIGTERM). Not thread-safe.
 */
final class ApacheServer implements AutoCloseable {
  private final ServerProcess process;
  private final ApacheConfig config;

  private ApacheServer(ServerProcess process, ApacheConfig config) {
    this.process = process;
    this.config = config;
  }

  /**
   * Writes the configuration and the static file into {@code config.root()} and starts {@code
   * binary} on it; its console output goes to {@code log}.
   */
  static ApacheServer start(String name, Path binary, ApacheConfig config, Path log)
      throws IOException {
    Path root = config.root();
    Files.createDirectories(root);
    // the worker child may run as nobody: it must read the directory and the file it serves
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(root.resolve(ApacheConfig.DOCUMENT), "ok\n", StandardCharsets.US_ASCII);
    Path conf = Files.writeString(root.resolve("httpd.conf"), config.render());
    ServerProcess process =
        ServerProcess.start(
            name, List.of(binary.toString(), "-f", conf.toString(), "-DFOREGROUND"), Map.of(), log);
    return new ApacheServer(process, config);
  }

  /**
   * Waits until a GET of {@code /} is answered 200, polling every 100 ms.
   *
   * @throws IllegalStateException if Apache exits or the timeout passes first
   */
  void awaitServing(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] get =
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            process.name() + " exited before serving; see " + process.log() + " and " + errorLog());
      }
      try {
        if (HttpLoad.once(ModSecCompare.HOST, config.port(), get) == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException(process.name() + " not serving after " + timeout);
  }

  int port() {
    return config.port();
  }

  /** Apache's error log, where ModSecurity writes the rules that matched. */
  Path errorLog() {
    return config.root().resolve("error.log");
  }

  /** CPU ticks of the parent and its children so far. */
  OptionalLong cpuTicks() {
    return process.treeCpuTicks();
  }

  @Override
  public void close() {
    process.close();
  }
}
