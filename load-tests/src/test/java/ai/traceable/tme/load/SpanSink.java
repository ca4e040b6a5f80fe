package ai.traceable.tme.load;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A platform agent for tests: accepts OTLP/HTTP protobuf exports on {@code /v1/traces}, decodes
 * them with the official OTLP classes and keeps the {@code http.request_id} of every span.
 * Thread-safe.
 */
final class SpanSink implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final Set<String> requestIds = ConcurrentHashMap.newKeySet();
  private final AtomicLong spans = new AtomicLong();

  SpanSink(String host) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, 0), 64);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            collect(ExportTraceServiceRequest.parseFrom(in));
            exchange.sendResponseHeaders(200, -1);
          } catch (IOException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  private void collect(ExportTraceServiceRequest export) {
    for (ResourceSpans resource : export.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans.incrementAndGet();
          for (KeyValue attribute : span.getAttributesList()) {
            if (attribute.getKey().equals("http.request_id")) {
              requestIds.add(attribute.getValue().getStringValue());
            }
          }
        }
      }
    }
  }

  String endpoint() {
    InetSocketAddress a = server.getAddress();
    return "http://" + a.getHostString() + ":" + a.getPort() + "/v1/traces";
  }

  /** The request ids of every span received so far. */
  Set<String> requestIds() {
    return Set.copyOf(requestIds);
  }

  long spans() {
    return spans.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
