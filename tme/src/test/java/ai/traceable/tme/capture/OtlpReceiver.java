package ai.traceable.tme.server;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Materializer;

/**
 * An OTLP/HTTP traces receiver on a real port: decodes each POST with the official OpenTelemetry
 * proto classes and keeps the spans. Its answer can be switched (200, 500) and delayed.
 */
final class OtlpReceiver implements AutoCloseable {
  final List<Span> spans = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger status = new AtomicInteger(200);
  final AtomicLong delayMillis = new AtomicLong();
  final AtomicInteger answered = new AtomicInteger();
  private final ServerBinding binding;

  OtlpReceiver(ActorSystem<?> system, int port) throws Exception {
    Materializer mat = Materializer.matFromSystem(system);
    this.binding =
        Http.get(system)
            .newServerAt("127.0.0.1", port)
            .bind(
                (org.apache.pekko.japi.function.Function<
                        HttpRequest, CompletionStage<HttpResponse>>)
                    request -> handle(request, mat))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  InetSocketAddress address() {
    return binding.localAddress();
  }

  String endpoint() {
    return "http://127.0.0.1:" + address().getPort() + "/v1/traces";
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request, Materializer mat) {
    requests.incrementAndGet();
    return request
        .entity()
        .toStrict(10_000, mat)
        .thenCompose(
            strict -> {
              int answer = status.get();
              if (answer == 200) {
                try {
                  ExportTraceServiceRequest export =
                      ExportTraceServiceRequest.parseFrom(strict.getData().toArray());
                  for (ResourceSpans rs : export.getResourceSpansList()) {
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                      spans.addAll(ss.getSpansList());
                    }
                  }
                } catch (Exception e) {
                  return CompletableFuture.completedFuture(
                      HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST));
                }
              }
              HttpResponse response = HttpResponse.create().withStatus(answer);
              long delay = delayMillis.get();
              if (delay == 0) {
                answered.incrementAndGet();
                return CompletableFuture.completedFuture(response);
              }
              return CompletableFuture.supplyAsync(
                  () -> {
                    answered.incrementAndGet();
                    return response;
                  },
                  CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
            });
  }

  @Override
  public void close()
      throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
    try {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
