package ai.traceable.tme.load;

import java.util.Locale;

/**
 * One sample of a soak run: the checks of the interval that ends at {@code seconds} and what the
 * server held at that moment. The first sample (second 0, taken as the measured run begins) has no
 * checks; it is the baseline. Immutable.
 *
 * @param seconds since the measured run began
 * @param checksPerSecond answered checks (allowed or denied) per second over the interval
 * @param p50Micros median latency over the interval, from each check's intended send time
 * @param p99Micros 99th percentile over the interval
 * @param maxMicros slowest check of the interval
 * @param ok checks allowed in the interval
 * @param denied checks denied in the interval
 * @param errors failed checks in the interval (any gRPC error, or an answer that is neither)
 * @param server the server's live heap, threads, fds and connection actors
 */
record SoakSample(
    double seconds,
    double checksPerSecond,
    long p50Micros,
    long p99Micros,
    long maxMicros,
    long ok,
    long denied,
    long errors,
    ServerProbe.Reading server) {

  static final String CSV_HEADER =
      "seconds,checks_per_s,p50_ms,p99_ms,max_ms,ok,denied,errors,"
          + "live_heap_mib,java_threads,open_fds,connection_actors";

  /** The baseline: the server's state with no interval behind it. */
  static SoakSample baseline(ServerProbe.Reading server) {
    return new SoakSample(0, 0, 0, 0, 0, 0, 0, 0, server);
  }

  String csvLine() {
    return String.format(
        Locale.ROOT,
        "%.1f,%.1f,%.3f,%.3f,%.3f,%d,%d,%d,%.2f,%d,%d,%d",
        seconds,
        checksPerSecond,
        p50Micros / 1000.0,
        p99Micros / 1000.0,
        maxMicros / 1000.0,
        ok,
        denied,
        errors,
        server.liveHeapMiB(),
        server.threads(),
        server.openFds(),
        server.connectionActors());
  }

  /** A row of the Markdown table {@link SoakReport#markdownTable()} prints. */
  String markdownRow() {
    boolean empty = ok + denied + errors == 0;
    return String.format(
        Locale.ROOT,
        "| %d:%02d | %s | %s | %s | %,d | %.1f | %d | %d | %d |",
        Math.round(seconds) / 60,
        Math.round(seconds) % 60,
        empty ? "-" : String.format(Locale.ROOT, "%,.0f", checksPerSecond),
        empty ? "-" : String.format(Locale.ROOT, "%.2f", p50Micros / 1000.0),
        empty ? "-" : String.format(Locale.ROOT, "%.2f", p99Micros / 1000.0),
        errors,
        server.liveHeapMiB(),
        server.threads(),
        server.openFds(),
        server.connectionActors());
  }
}
