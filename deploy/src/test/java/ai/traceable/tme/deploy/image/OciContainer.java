package ai.traceable.tme.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The image run by a real OCI runtime: the tar is unpacked into a bundle with {@code umoci unpack},
 * its {@code config.json} tightened as the chart runs the container (read-only root, a tmpfs on
 * {@code /tmp}, no capabilities, a memory and CPU limit) and opened to the host's network namespace
 * so that the test reaches the ports; then {@code runc run} in the foreground, so that its exit
 * status is the container's. {@link #close()} kills and deletes the container and removes the
 * bundle, whatever happened. Not thread-safe.
 */
final class OciContainer implements AutoCloseable {
  static final long MEMORY_LIMIT = 512L * 1024 * 1024;
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final String runtime;
  private final String id;
  private final Path work;
  private final Path log;
  private Process process;

  private OciContainer(String runtime, String id, Path work, Path log) {
    this.runtime = runtime;
    this.id = id;
    this.work = work;
    this.log = log;
  }

  /**
   * The runtime to use: runc, else crun (crun refuses cgroups in hybrid mode, runc does not).
   *
   * @return the runtime's path, or why the image cannot be run here (no root, umoci, tar or
   *     runtime)
   */
  static Result<String> runtime() {
    if (!"0".equals(command("id", "-u").orElse(""))) {
      return Result.unavailable("running the image needs root (runc creates namespaces, cgroups)");
    }
    for (String tool : List.of("umoci", "tar")) {
      if (onPath(tool).isEmpty()) {
        return Result.unavailable(tool + " is not installed (apt-get install umoci runc)");
      }
    }
    return onPath("runc")
        .or(() -> onPath("crun"))
        .map(Result::of)
        .orElseGet(() -> Result.unavailable("no OCI runtime: runc or crun (apt-get install runc)"));
  }

  /** A value, or the reason there is none. */
  record Result<T>(Optional<T> value, Optional<String> unavailable) {
    static <T> Result<T> of(T value) {
      return new Result<>(Optional.of(value), Optional.empty());
    }

    static <T> Result<T> unavailable(String reason) {
      return new Result<>(Optional.empty(), Optional.of(reason));
    }
  }

  /** Unpacks the image and starts it with {@code env} added to the image's environment. */
  static OciContainer start(Path imageTar, String runtime, Map<String, String> env, Path logs)
      throws IOException {
    String id = "tme-image-it-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    Path work = Files.createTempDirectory("tme-image-it");
    OciContainer container =
        new OciContainer(runtime, id, work, Files.createDirectories(logs).resolve(id + ".log"));
    try {
      container.unpack(imageTar);
      container.configure(env);
      container.run();
      return container;
    } catch (IOException | RuntimeException e) {
      container.close();
      throw e;
    }
  }

  private void unpack(Path imageTar) throws IOException {
    Path layout = Files.createDirectories(work.resolve("layout"));
    exec("tar", "-xf", imageTar.toString(), "-C", layout.toString());
    JsonNode index = OciArchive.JSON.readTree(layout.resolve("index.json").toFile());
    String ref =
        index
            .path("manifests")
            .path(0)
            .path("annotations")
            .path("org.opencontainers.image.ref.name")
            .asText();
    exec("umoci", "unpack", "--image", layout + ":" + ref, bundle().toString());
  }

  private void configure(Map<String, String> env) throws IOException {
    Path file = bundle().resolve("config.json");
    ObjectNode config = (ObjectNode) OciArchive.JSON.readTree(file.toFile());
    ObjectNode process = (ObjectNode) config.path("process");
    process.put("terminal", false);
    ArrayNode processEnv = (ArrayNode) process.path("env");
    env.forEach((key, value) -> processEnv.add(key + "=" + value));
    // like the chart's securityContext: drop every capability
    ObjectNode capabilities = (ObjectNode) process.path("capabilities");
    List.of("bounding", "effective", "inheritable", "permitted", "ambient")
        .forEach(set -> capabilities.putArray(set));
    ((ObjectNode) config.path("root")).put("readonly", true);
    ObjectNode tmp = ((ArrayNode) config.path("mounts")).addObject();
    tmp.put("destination", "/tmp").put("type", "tmpfs").put("source", "tmpfs");
    tmp.putArray("options").add("nosuid").add("nodev").add("mode=1777").add("size=64m");
    ObjectNode linux = (ObjectNode) config.path("linux");
    ArrayNode namespaces = (ArrayNode) linux.path("namespaces");
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      if (namespaces.get(i).path("type").asText().equals("network")) {
        namespaces.remove(i);
      }
    }
    ObjectNode resources = linux.withObjectProperty("resources");
    resources.putObject("memory").put("limit", MEMORY_LIMIT);
    resources.putObject("cpu").put("quota", 200_000).put("period", 100_000);
    OciArchive.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
  }

  private void run() throws IOException {
    process =
        new ProcessBuilder(runtime, "run", "--bundle", bundle().toString(), id)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
  }

  /** The container's first process (the JVM, once the launcher has exec'd), from runc state. */
  long pid() throws IOException {
    JsonNode state = OciArchive.JSON.readTree(exec(runtime, "state", id));
    return state.path("pid").asLong();
  }

  boolean isRunning() {
    return process.isAlive();
  }

  void kill(String signal) {
    exec(runtime, "kill", id, signal);
  }

  /**
   * @return the container's exit status, or empty when it still runs after {@code timeout}
   */
  Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.empty();
    }
    return Optional.of(process.exitValue());
  }

  /** Everything the container wrote to stdout and stderr so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        command(runtime, "kill", id, "KILL");
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      command(runtime, "delete", "--force", id);
      deleteTree(work);
    }
  }

  private Path bundle() {
    return work.resolve("bundle");
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + root, e);
    }
  }

  /** Runs a command and returns its stdout; fails with its output when it exits non-zero. */
  private static String exec(String... command) {
    return command(command)
        .orElseThrow(() -> new IllegalStateException("failed: " + String.join(" ", command)));
  }

  /** Runs a command; its stdout, or empty when it could not run or exited non-zero. */
  private static Optional<String> command(String... command) {
    try {
      Path err = Files.createTempFile("oci-cmd", ".err");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(err.toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return Optional.empty();
        }
        if (p.exitValue() != 0) {
          System.err.println(
              String.join(" ", command)
                  + " exited "
                  + p.exitValue()
                  + ": "
                  + Files.readString(err));
          return Optional.empty();
        }
        return Optional.of(out.trim());
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<String> onPath(String tool) {
    List<String> dirs =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin"));
    return dirs.stream()
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }
}
