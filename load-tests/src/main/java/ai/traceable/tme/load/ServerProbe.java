package ai.traceable.tme.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads, from outside, what a running tme process holds: its live heap, Java threads, open file
 * descriptors and connection actors. Not thread-safe; one reader per process.
 *
 * <ul>
 *   <li>Live heap: {@code jcmd <pid> GC.class_histogram}, which runs a full collection and then
 *       sums the size of every object still reachable. That is the heap after GC taken at one
 *       safepoint, so it does not drift with whatever the process allocates while it is read
 *       (reading used heap after a separate GC request would, by megabytes at a few thousand checks
 *       a second).
 *   <li>Java threads and connection actors: tme's Prometheus endpoint ({@code
 *       jvm_threads_live_threads}, {@code tme_connection_actors}).
 *   <li>Open file descriptors: the entries of {@code /proc/<pid>/fd} (Linux), which costs the
 *       process nothing.
 * </ul>
 *
 * <p>The first {@code jcmd} starts the JVM's attach listener thread, which stays; read once before
 * taking a baseline.
 */
final class ServerProbe {
  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
  private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

  /**
   * One reading.
   *
   * @param liveHeapBytes bytes of reachable objects after a full collection
   * @param threads live Java threads (daemon included)
   * @param openFds open file descriptors, -1 where {@code /proc} has none
   * @param connectionActors tme's connection actors alive
   */
  record Reading(long liveHeapBytes, int threads, int openFds, int connectionActors) {
    double liveHeapMiB() {
      return liveHeapBytes / (1024.0 * 1024.0);
    }
  }

  private final long pid;
  private final URI metrics;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param pid the server process
   * @param metrics its {@code /metrics} address
   */
  ServerProbe(long pid, URI metrics) {
    this.pid = pid;
    this.metrics = metrics;
  }

  /** Heap, threads, fds and actors, read in that order. */
  Reading read() throws IOException, InterruptedException {
    long heap = liveHeapBytes();
    String text = metricsText();
    return new Reading(
        heap,
        (int) gauge(text, "jvm_threads_live_threads"),
        openFds(),
        (int) gauge(text, "tme_connection_actors"));
  }

  /** Bytes of reachable objects, after the full collection the class histogram runs first. */
  long liveHeapBytes() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("jcmd " + pid + " GC.class_histogram did not finish");
    }
    return histogramTotalBytes(new String(out, StandardCharsets.UTF_8));
  }

  /** The bytes of the histogram's {@code Total} line. */
  static long histogramTotalBytes(String histogram) throws IOException {
    Matcher m = TOTAL.matcher(histogram);
    if (!m.find()) {
      String head = histogram.length() > 300 ? histogram.substring(0, 300) : histogram;
      throw new IOException("no Total line in the class histogram: " + head);
    }
    return Long.parseLong(m.group(2));
  }

  /** Entries of {@code /proc/<pid>/fd}; -1 where there is no such directory. */
  int openFds() throws IOException {
    Path fds = Path.of("/proc", Long.toString(pid), "fd");
    if (!Files.isDirectory(fds)) {
      return -1;
    }
    try (Stream<Path> entries = Files.list(fds)) {
      return (int) entries.count();
    }
  }

  /** The Prometheus text of the process's metrics endpoint. */
  String metricsText() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(metrics + " answered " + response.statusCode());
    }
    return response.body();
  }

  /**
   * The sum of every sample of {@code name} (over all label sets) in Prometheus text.
   *
   * @throws IOException when there is no such sample
   */
  static double gauge(String prometheusText, String name) throws IOException {
    double sum = 0;
    boolean found = false;
    for (String line : prometheusText.split("\n")) {
      if (!line.startsWith(name)) {
        continue;
      }
      int end = name.length();
      if (line.length() == end || (line.charAt(end) != ' ' && line.charAt(end) != '{')) {
        continue;
      }
      String value = line.substring(line.lastIndexOf(' ') + 1);
      sum += Double.parseDouble(value);
      found = true;
    }
    if (!found) {
      throw new IOException("no " + name + " in the metrics");
    }
    return sum;
  }
}
