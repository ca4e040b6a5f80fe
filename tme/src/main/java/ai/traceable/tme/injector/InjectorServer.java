package ai.traceable.tme.injector;

import ai.traceable.tme.concurrent.Stages;
import ai.traceable.tme.config.InjectorSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's HTTPS server: {@code POST /mutate} answers AdmissionReviews, {@code GET /healthz}
 * answers 200 for the kubelet. A body that is not an AdmissionReview v1 gets a 400 naming the
 * problem; nothing a client sends stops the server.
 */
public final class InjectorServer {
  private static final Logger log = LoggerFactory.getLogger(InjectorServer.class);

  private InjectorServer() {}

  /**
   * Binds the server and unbinds it on CoordinatedShutdown.
   *
   * @return completes when bound, or fails with the bind error
   */
  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, InjectorSettings settings, PodInjector injector) {
    ReloadingTls tls = new ReloadingTls(settings.certFile(), settings.keyFile());
    Materializer materializer = Materializer.matFromSystem(system);
    Function<HttpRequest, CompletionStage<HttpResponse>> handler =
        request -> handle(request, injector, settings, materializer);
    return Http.get(system)
        .newServerAt(settings.iface(), settings.port())
        .enableHttps(ConnectionContext.httpsServer(tls::newEngine))
        .bind(handler)
        .thenApply(
            binding -> {
              CoordinatedShutdown.get(system)
                  .addTask(
                      CoordinatedShutdown.PhaseServiceUnbind(),
                      "tme-injector-unbind",
                      binding::unbind);
              return binding;
            });
  }

  static CompletionStage<HttpResponse> handle(
      HttpRequest request,
      PodInjector injector,
      InjectorSettings settings,
      Materializer materializer) {
    String path = request.getUri().path();
    if (path.equals("/mutate") && request.method().equals(HttpMethods.POST)) {
      return Stages.plain(
              request
                  .entity()
                  .withSizeLimit(settings.maxReviewBytes())
                  .toStrict(settings.readTimeout().toMillis(), materializer))
          .thenApply(strict -> answer(injector, strict.getData().toArray()))
          .exceptionally(
              e -> text(StatusCodes.BAD_REQUEST, "cannot read the request body: " + rootCause(e)));
    }
    request.discardEntityBytes(materializer);
    if (path.equals("/healthz") && request.method().equals(HttpMethods.GET)) {
      return CompletableFuture.completedFuture(text(StatusCodes.OK, "ok"));
    }
    if (path.equals("/mutate")) {
      return CompletableFuture.completedFuture(
          text(StatusCodes.METHOD_NOT_ALLOWED, "POST an AdmissionReview to /mutate"));
    }
    return CompletableFuture.completedFuture(text(StatusCodes.NOT_FOUND, "not found"));
  }

  private static HttpResponse answer(PodInjector injector, byte[] body) {
    try {
      return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, injector.review(body));
    } catch (MalformedReviewException e) {
      log.warn("rejected a malformed AdmissionReview: {}", e.getMessage());
      return text(StatusCodes.BAD_REQUEST, e.getMessage());
    }
  }

  private static HttpResponse text(
      org.apache.pekko.http.javadsl.model.StatusCode status, String message) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, message + "\n");
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
