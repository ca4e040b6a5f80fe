package ai.traceable.tme.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the platform agent during benchmarks: accepts OTLP/HTTP posts on {@code
 * /v1/traces}, reads them fully, answers 200 and counts requests and bytes. It does not decode
 * spans (tme's own tests do that with the official classes); it costs the benchmark as little CPU
 * as a real local agent's receive path would.
 */
final class OtlpSink implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  final AtomicLong requests = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();

  OtlpSink(String host) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, 0), 64);
    server.createContext(
        "/v1/traces",
        exchange -> {
          long n = 0;
          try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
              n += read;
            }
          }
          requests.incrementAndGet();
          bytes.addAndGet(n);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(executor);
    server.start();
  }

  String endpoint() {
    InetSocketAddress a = server.getAddress();
    return "http://" + a.getHostString() + ":" + a.getPort() + "/v1/traces";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
