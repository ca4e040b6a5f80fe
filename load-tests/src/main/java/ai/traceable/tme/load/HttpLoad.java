package ai.traceable.tme.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop HTTP/1.1 load on a web server: each connection is one thread with a keep-alive
 * socket and one request in flight, taking the next request of a fixed pool round-robin. 200 counts
 * as allowed, 403 as denied, anything else (and I/O errors) as an error. Reports what the measured
 * window saw, in the same {@link LoadResult} as the ext_authz load.
 *
 * <p>{@link #run} blocks the calling thread for the warm-up and the window.
 */
final class HttpLoad {
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private final String host;
  private final int port;
  private final List<byte[]> requests;
  private final AtomicLong cursor = new AtomicLong();
  private final Recorder latency = new Recorder(3);
  private volatile Tally tally = new Tally();
  private volatile boolean running = true;

  private HttpLoad(String host, int port, List<byte[]> requests) {
    this.host = host;
    this.port = port;
    this.requests = List.copyOf(requests);
  }

  /**
   * Runs {@code connections} connections for {@code warmup}, then measures for {@code duration},
   * calling {@code window} as the measured window opens and closes.
   */
  static LoadResult run(
      String host,
      int port,
      String scenario,
      List<byte[]> requests,
      int connections,
      Duration warmup,
      Duration duration,
      MeasurementWindow window)
      throws InterruptedException {
    return new HttpLoad(host, port, requests).run(scenario, connections, warmup, duration, window);
  }

  /** Sends one request on a fresh connection and returns its response status. */
  static int once(String host, int port, byte[] request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) SOCKET_TIMEOUT.toMillis());
      socket.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
      socket.getOutputStream().write(request);
      return HttpRequests.read(new BufferedInputStream(socket.getInputStream())).status();
    }
  }

  private LoadResult run(
      String scenario,
      int connections,
      Duration warmup,
      Duration duration,
      MeasurementWindow window)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread thread = new Thread(this::connection, "http-load-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    try {
      parkFor(warmup);
      tally = new Tally();
      latency.getIntervalHistogram();
      window.opened();
      long start = System.nanoTime();
      parkFor(duration);
      Tally measured = tally;
      Histogram histogram = latency.getIntervalHistogram();
      long end = System.nanoTime();
      window.closed();
      tally = new Tally();
      double seconds = (end - start) / 1e9;
      long ok = measured.okCount();
      long denied = measured.deniedCount();
      return new LoadResult(
          "http://" + host + ":" + port,
          scenario,
          "closed",
          connections,
          1,
          0,
          seconds,
          ok,
          denied,
          measured.errorCount(),
          measured.errorsByKind(),
          (ok + denied) / seconds,
          LoadResult.Latency.of(histogram),
          LoadResult.Percentile.of(histogram));
    } finally {
      running = false;
      for (Thread thread : threads) {
        thread.join(SOCKET_TIMEOUT.toMillis());
      }
    }
  }

  /**
   * One connection's loop: reconnects after an error or a server's close, and sends a request again
   * when a kept-alive connection was closed before its response began (not an error).
   */
  private void connection() {
    byte[] pending = null;
    while (running) {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), (int) SOCKET_TIMEOUT.toMillis());
        socket.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        boolean open = true;
        boolean reused = false;
        while (running && open) {
          byte[] request = pending != null ? pending : nextRequest();
          pending = request;
          long start = System.nanoTime();
          HttpRequests.Response response;
          try {
            out.write(request);
            out.flush();
            response = HttpRequests.read(in);
          } catch (HttpRequests.ClosedBeforeResponse | SocketException e) {
            if (!reused) {
              throw e;
            }
            break;
          }
          pending = null;
          reused = true;
          record(response.status(), start);
          open = !response.close();
        }
      } catch (IOException e) {
        pending = null;
        if (running) {
          tally.error(e.getClass().getSimpleName());
        }
      }
    }
  }

  private byte[] nextRequest() {
    return requests.get((int) Math.floorMod(cursor.getAndIncrement(), (long) requests.size()));
  }

  private void record(int status, long startNanos) {
    latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos)));
    Tally current = tally;
    switch (status) {
      case 200 -> current.ok();
      case 403 -> current.denied();
      default -> current.error(String.format(Locale.ROOT, "http-%d", status));
    }
  }

  private static void parkFor(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    long remaining;
    while ((remaining = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
    }
  }
}
