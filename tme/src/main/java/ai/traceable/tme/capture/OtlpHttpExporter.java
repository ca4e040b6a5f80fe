package ai.traceable.tme.capture;

import ai.traceable.tme.concurrent.Stages;
import ai.traceable.tme.config.CaptureSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;

/**
 * Posts OTLP/HTTP protobuf ({@code application/x-protobuf}) to the agent with Pekko HTTP's
 * connection pool, with the configured static headers and, for an {@code https} endpoint, the TLS
 * of {@link ExportTls}. Any answer becomes a {@link Exporter.Result}; connection errors and
 * timeouts become a result with status 0, a failed TLS handshake one marked as such. The response
 * body is discarded so the connection is reused. Header values never appear in a result or a log
 * line.
 */
public final class OtlpHttpExporter implements Exporter {
  private static final ContentType PROTOBUF =
      ContentTypes.create(MediaTypes.applicationBinary("x-protobuf", MediaTypes.COMPRESSIBLE));

  private final Http http;
  private final Materializer materializer;
  private final URI endpoint;
  private final Duration timeout;
  private final boolean gzip;

  /** Method, URI and static headers, built once; each export adds its body. */
  private final HttpRequest template;

  private final HttpsConnectionContext tls;
  private final ConnectionPoolSettings pool;
  private final LoggingAdapter poolLog;

  /**
   * An exporter to {@code settings.endpoint()}.
   *
   * @throws IllegalArgumentException when the TLS files cannot be used
   */
  public OtlpHttpExporter(ActorSystem<?> system, CaptureSettings settings) {
    this.http = Http.get(system);
    this.materializer = Materializer.matFromSystem(system);
    this.endpoint = settings.endpoint();
    this.timeout = settings.requestTimeout();
    this.gzip = settings.gzip();
    List<HttpHeader> headers = new ArrayList<>();
    settings
        .headers()
        .values()
        .forEach((name, value) -> headers.add(RawHeader.create(name, value)));
    if (gzip) {
      headers.add(RawHeader.create("Content-Encoding", "gzip"));
    }
    this.template = HttpRequest.POST(endpoint.toString()).addHeaders(headers);
    ConnectionPoolSettings defaults = ConnectionPoolSettings.create(system.classicSystem());
    this.poolLog = system.classicSystem().log();
    if ("https".equals(endpoint.getScheme())) {
      this.tls = new ExportTls(settings.tls()).connectionContext();
      // a connection that never idles would otherwise keep the certificates it started with
      this.pool = defaults.withMaxConnectionLifetime(settings.tls().maxConnectionLifetime());
    } else {
      this.tls = http.defaultClientHttpsContext(); // unused; TLS files need an https endpoint
      this.pool = defaults;
    }
  }

  @Override
  public CompletionStage<Result> export(byte[] body) {
    HttpRequest request = template.withEntity(PROTOBUF, gzip ? gzip(body) : body);
    return Stages.plain(http.singleRequest(request, tls, pool, poolLog))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(this::result)
        .exceptionally(this::failure);
  }

  private Result result(HttpResponse response) {
    response.discardEntityBytes(materializer);
    int status = response.status().intValue();
    Optional<Duration> retryAfter =
        response.getHeader("Retry-After").flatMap(h -> seconds(h.value()));
    return new Result(status, retryAfter, status >= 200 && status < 300 ? "" : "HTTP " + status);
  }

  private static Optional<Duration> seconds(String value) {
    try {
      long s = Long.parseLong(value.trim());
      return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: fall back to our own backoff
    }
  }

  private Result failure(Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TimeoutException) {
      return Result.failed("no answer from " + endpoint + " within " + timeout.toSeconds() + " s");
    }
    Throwable tls = tlsCause(cause);
    if (tls != null) {
      return Result.tlsFailed(
          "TLS with "
              + endpoint
              + " failed: "
              + tls.getClass().getSimpleName()
              + ": "
              + tls.getMessage());
    }
    return Result.failed(
        cause.getClass().getSimpleName() + ": " + cause.getMessage() + " (" + endpoint + ")");
  }

  /**
   * The failed handshake somewhere in the chain (Pekko wraps it), or null. Only handshake failures
   * count: they are about certificates and settings (an unknown CA, a name mismatch, a client
   * certificate refused or missing), while another {@link javax.net.ssl.SSLException}, such as a
   * connection reset inside a record, is transient and retried like any lost connection.
   */
  private static Throwable tlsCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException) {
        return t;
      }
    }
    return null;
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(body);
    } catch (IOException e) {
      throw new IllegalStateException("gzip into memory failed", e);
    }
    return out.toByteArray();
  }
}
