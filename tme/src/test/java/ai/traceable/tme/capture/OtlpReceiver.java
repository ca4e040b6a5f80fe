package ai.traceable.tme.capture;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;

/**
 * An OTLP/HTTP traces receiver on a real port, plain or HTTPS (optionally requiring a client
 * certificate): decodes each POST with the official OpenTelemetry proto classes and keeps the spans
 * and each request's headers. Its answer can be switched (200, 500) and delayed.
 */
public final class OtlpReceiver implements AutoCloseable {
  public final List<Span> spans = new CopyOnWriteArrayList<>();

  /** Headers of each request, names in lower case. */
  public final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();

  /** Subject of the client certificate of each HTTPS request, "" when there was none. */
  public final List<String> clientSubjects = new CopyOnWriteArrayList<>();

  public final AtomicInteger requests = new AtomicInteger();
  public final AtomicInteger status = new AtomicInteger(200);
  public final AtomicLong delayMillis = new AtomicLong();
  public final AtomicInteger answered = new AtomicInteger();
  private final ServerBinding binding;
  private final boolean https;

  /** A plain-HTTP receiver on {@code port} (0: any free port). */
  public OtlpReceiver(ActorSystem<?> system, int port) throws Exception {
    this(system, port, null, false);
  }

  private OtlpReceiver(ActorSystem<?> system, int port, SSLContext tls, boolean needClientAuth)
      throws Exception {
    Materializer mat = Materializer.matFromSystem(system);
    this.https = tls != null;
    ServerBuilder server = Http.get(system).newServerAt("127.0.0.1", port);
    if (https) {
      server =
          server
              .adaptSettings(
                  settings ->
                      settings.withParserSettings(
                          settings.getParserSettings().withIncludeSslSessionAttribute(true)))
              .enableHttps(
                  ConnectionContext.httpsServer(
                      () -> {
                        SSLEngine engine = tls.createSSLEngine();
                        engine.setUseClientMode(false);
                        engine.setNeedClientAuth(needClientAuth);
                        return engine;
                      }));
    }
    this.binding =
        server
            .bind((Function<HttpRequest, CompletionStage<HttpResponse>>) r -> handle(r, mat))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  /**
   * An HTTPS receiver presenting {@code tls}'s certificate; with {@code needClientAuth} a client
   * without a certificate that {@code tls} trusts cannot complete the handshake.
   */
  public static OtlpReceiver https(ActorSystem<?> system, SSLContext tls, boolean needClientAuth)
      throws Exception {
    return https(system, 0, tls, needClientAuth);
  }

  /** An HTTPS receiver on {@code port}, e.g. the port of one that was closed. */
  public static OtlpReceiver https(
      ActorSystem<?> system, int port, SSLContext tls, boolean needClientAuth) throws Exception {
    return new OtlpReceiver(system, port, tls, needClientAuth);
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** The traces URL; HTTPS ones name {@code localhost}, the name test certificates carry. */
  public String endpoint() {
    String host = https ? "https://localhost:" : "http://127.0.0.1:";
    return host + address().getPort() + "/v1/traces";
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request, Materializer mat) {
    requests.incrementAndGet();
    request
        .getAttribute(AttributeKeys.sslSession)
        .ifPresent(tls -> clientSubjects.add(clientSubject(tls.getSession())));
    headers.add(
        StreamSupport.stream(request.getHeaders().spliterator(), false)
            .collect(
                Collectors.toMap(
                    HttpHeader::lowercaseName, HttpHeader::value, (a, b) -> a + "," + b)));
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

  /** Stops listening and closes the connections clients hold, as an agent that goes away. */
  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      binding.terminate(Duration.ofSeconds(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String clientSubject(SSLSession session) {
    try {
      return session.getPeerPrincipal().getName();
    } catch (SSLPeerUnverifiedException e) {
      return "";
    }
  }

  /** The value of header {@code name} in every request, for assertions. */
  public List<String> headerValues(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return headers.stream().map(h -> h.get(lower)).toList();
  }
}
