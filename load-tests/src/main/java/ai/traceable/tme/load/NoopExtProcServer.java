package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.ext_proc.v3.BodyResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HeadersResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.TrailersResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An ext_proc server that lets every message continue without looking at it: grpc-java on Netty,
 * handled on the event loop. The baseline of the ext_proc benchmark, as {@link NoopAuthzServer} is
 * for ext_authz. Start it in-process with {@link #start} or as its own JVM with {@link #main}.
 */
public final class NoopExtProcServer implements AutoCloseable {
  private static final ProcessingResponse REQUEST_HEADERS =
      ProcessingResponse.newBuilder()
          .setRequestHeaders(HeadersResponse.getDefaultInstance())
          .build();
  private static final ProcessingResponse REQUEST_BODY =
      ProcessingResponse.newBuilder().setRequestBody(BodyResponse.getDefaultInstance()).build();
  private static final ProcessingResponse RESPONSE_HEADERS =
      ProcessingResponse.newBuilder()
          .setResponseHeaders(HeadersResponse.getDefaultInstance())
          .build();
  private static final ProcessingResponse RESPONSE_BODY =
      ProcessingResponse.newBuilder().setResponseBody(BodyResponse.getDefaultInstance()).build();
  private static final ProcessingResponse REQUEST_TRAILERS =
      ProcessingResponse.newBuilder()
          .setRequestTrailers(TrailersResponse.getDefaultInstance())
          .build();
  private static final ProcessingResponse RESPONSE_TRAILERS =
      ProcessingResponse.newBuilder()
          .setResponseTrailers(TrailersResponse.getDefaultInstance())
          .build();

  private final Server server;

  private NoopExtProcServer(Server server) {
    this.server = server;
  }

  /** Binds and starts serving; {@code port} 0 picks a free one (see {@link #port()}). */
  public static NoopExtProcServer start(String host, int port) throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .directExecutor()
            .addService(new ContinueAll())
            .build()
            .start();
    return new NoopExtProcServer(server);
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** {@code --host H --port P}: serves until the JVM is stopped. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Args parsed;
    try {
      parsed = Args.parse(args, Set.of("host", "port"), Set.of());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: NoopExtProcServer [--host 127.0.0.1] [--port 5443]");
      System.exit(2);
      return;
    }
    NoopExtProcServer noop =
        start(parsed.string("host", "127.0.0.1"), parsed.integer("port", 5443));
    Runtime.getRuntime().addShutdownHook(new Thread(noop::close));
    System.out.println("no-op ext_proc server listening on port " + noop.port());
    noop.server.awaitTermination();
  }

  private static final class ContinueAll extends ExternalProcessorGrpc.ExternalProcessorImplBase {
    @Override
    public StreamObserver<ProcessingRequest> process(StreamObserver<ProcessingResponse> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(ProcessingRequest request) {
          out.onNext(
              switch (request.getRequestCase()) {
                case REQUEST_HEADERS -> REQUEST_HEADERS;
                case REQUEST_BODY -> REQUEST_BODY;
                case RESPONSE_HEADERS -> RESPONSE_HEADERS;
                case RESPONSE_BODY -> RESPONSE_BODY;
                case REQUEST_TRAILERS -> REQUEST_TRAILERS;
                default -> RESPONSE_TRAILERS;
              });
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }
}
