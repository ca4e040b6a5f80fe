package ai.traceable.tme.capture;

import ai.traceable.tme.concurrent.Stages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;

/**
 * Posts OTLP/HTTP protobuf ({@code application/x-protobuf}) to the agent with Pekko HTTP's
 * connection pool. Any answer becomes a {@link Exporter.Result}; connection errors and timeouts
 * become a result with status 0. The response body is discarded so the connection is reused.
 */
public final class OtlpHttpExporter implements Exporter {
  private static final ContentType PROTOBUF =
      ContentTypes.create(MediaTypes.applicationBinary("x-protobuf", MediaTypes.COMPRESSIBLE));

  private final Http http;
  private final Materializer materializer;
  private final URI endpoint;
  private final Duration timeout;
  private final boolean gzip;

  public OtlpHttpExporter(ActorSystem<?> system, URI endpoint, Duration timeout, boolean gzip) {
    this.http = Http.get(system);
    this.materializer = Materializer.matFromSystem(system);
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.gzip = gzip;
  }

  @Override
  public CompletionStage<Result> export(byte[] body) {
    HttpRequest request = HttpRequest.POST(endpoint.toString());
    byte[] payload = body;
    if (gzip) {
      payload = gzip(body);
      request = request.addHeader(RawHeader.create("Content-Encoding", "gzip"));
    }
    request = request.withEntity(PROTOBUF, payload);
    return Stages.plain(http.singleRequest(request))
        .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .thenApply(this::result)
        .exceptionally(e -> Result.failed(describe(e)));
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

  private String describe(Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return "no answer from " + endpoint + " within " + timeout.toSeconds() + " s";
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage() + " (" + endpoint + ")";
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
