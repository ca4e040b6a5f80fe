package ai.traceable.tme.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while tme is under load, as when Kubernetes stops the gateway pod: tme (its own JVM,
 * capture on) is kept busy by eight connections with 128 checks each always in flight, the way
 * Envoy's workers keep calling while the gateway drains.
 *
 * <p>The contract: tme keeps answering as before for {@code tme.grpc.unready-delay}; then it closes
 * its port (new connections are refused, which Envoy handles like an unreachable tme) and keeps
 * answering on the open connections until their clients stop calling (at most {@code
 * tme.grpc.shutdown-grace}); then each connection gets a GOAWAY and closes once the checks it
 * carries are answered; capture flushes the spans of every answered check; the process exits 0
 * within the sum of its configured waits. No check fails: none is reset, none is left unanswered.
 */
class ShutdownUnderLoadIT {
  private static final String HOST = "127.0.0.1";
  private static final Duration UNREADY_DELAY = Duration.ofSeconds(1);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

  /** The JVM's own start of exit (shutdown hooks) on top of the configured waits. */
  private static final Duration EXIT_MARGIN = Duration.ofSeconds(3);

  private static boolean refusesConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 500);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void sigtermUnderLoadAnswersEveryAcceptedCheckFlushesTheirSpansAndExitsZeroInTime()
      throws Exception {
    Path jar = Path.of(System.getProperty("tme.jar", "../tme/target/tme.jar"));
    Path logs =
        Files.createDirectories(Path.of(System.getProperty("tme.it.logs", "target/it-logs")));
    List<String> jvm =
        List.of(
            "-XX:ActiveProcessorCount=2",
            "-Xmx256m",
            "-Dtme.capture.flush-timeout=" + FLUSH_TIMEOUT.toMillis() + "ms");
    try (SpanSink sink = new SpanSink(HOST)) {
      Bench.ServerSpec spec =
          Bench.tme(
              "tme-sigterm",
              jvm,
              jar,
              "on",
              sink.endpoint(),
              Map.of(
                  "TME_UNREADY_DELAY", UNREADY_DELAY.toMillis() + "ms",
                  "TME_SHUTDOWN_GRACE", SHUTDOWN_GRACE.toMillis() + "ms"));
      try (ServerProcess tme =
              ServerProcess.start(
                  spec.name(), spec.command(), spec.env(), logs.resolve("tme-sigterm.log"));
          TrackedChecks load = new TrackedChecks(HOST, spec.port(), 8, 128)) {
        tme.awaitServing(HOST, spec.port(), Duration.ofSeconds(60));
        load.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.answered() >= 5000);

        long inFlightAtSigterm = load.inFlight();
        long sigterm = System.nanoTime();
        tme.sigterm();
        await("port closed after the unready delay")
            .atMost(UNREADY_DELAY.plus(Duration.ofSeconds(10)))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> refusesConnections(spec.port()));
        long unbound = System.nanoTime();
        long answeredAtUnbind = load.answered();
        await("checks answered on the open connections after the port closed")
            .atMost(Duration.ofSeconds(10))
            .until(() -> load.answered() >= answeredAtUnbind + 1000);
        // Envoy's drain is over: it stops calling and waits for what it sent
        assertTrue(load.stop(Duration.ofSeconds(15)), "checks still open after the load stopped");
        long stopped = System.nanoTime();
        Duration deadline = UNREADY_DELAY.plus(SHUTDOWN_GRACE).plus(FLUSH_TIMEOUT);
        OptionalInt exit = tme.awaitExit(deadline.plus(EXIT_MARGIN));
        Duration tookToExit = Duration.ofNanos(System.nanoTime() - sigterm);

        List<TrackedChecks.Outcome> outcomes = load.outcomes();
        List<TrackedChecks.Outcome> failed = outcomes.stream().filter(o -> !o.answered()).toList();
        long answeredAfterUnbind =
            outcomes.stream().filter(o -> o.answered() && o.sentNanos() > unbound).count();
        System.err.printf(
            "SIGTERM with %d checks in flight; port closed after %d ms, load stopped after %d ms;"
                + " exit %s after %d ms; %d checks answered (%d sent after the port closed), %d"
                + " failed; %d spans received%n",
            inFlightAtSigterm,
            (unbound - sigterm) / 1_000_000,
            (stopped - sigterm) / 1_000_000,
            exit,
            tookToExit.toMillis(),
            outcomes.size() - failed.size(),
            answeredAfterUnbind,
            failed.size(),
            sink.spans());

        assertEquals(
            OptionalInt.of(0), exit, "exit status within " + deadline + "; see " + tme.log());
        assertTrue(
            tookToExit.compareTo(UNREADY_DELAY.plus(SHUTDOWN_GRACE)) < 0,
            "tme waited out the whole grace instead of closing once the load had stopped");
        assertTrue(inFlightAtSigterm > 0);
        assertTrue(answeredAfterUnbind > 0);
        assertTrue(
            failed.isEmpty(),
            () ->
                failed.size()
                    + " checks failed, for example: "
                    + failed.stream()
                        .map(TrackedChecks.Outcome::describe)
                        .distinct()
                        .limit(5)
                        .toList());
        List<TrackedChecks.Outcome> answered = outcomes;
        Set<String> captured = sink.requestIds();
        Set<String> missing =
            answered.stream()
                .map(TrackedChecks.Outcome::requestId)
                .filter(id -> !captured.contains(id))
                .collect(Collectors.toSet());
        assertTrue(
            missing.isEmpty(),
            () ->
                missing.size()
                    + " answered checks have no span, for example "
                    + missing.stream().limit(5).toList());
      }
    }
  }
}
