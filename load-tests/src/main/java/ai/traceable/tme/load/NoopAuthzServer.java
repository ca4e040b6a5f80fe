package ai.traceable.tme.load;

import com.google.rpc.Status;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An ext_authz server that allows every request without looking at it: grpc-java on Netty, with
 * calls handled on the event loop ({@code directExecutor()}). It is the baseline of the benchmark:
 * what the protocol itself costs on the JVM, so that tme's numbers can be read as a ratio.
 *
 * <p>Start it in-process with {@link #start} or as its own JVM with {@link #main}. Thread-safe.
 */
public final class NoopAuthzServer implements AutoCloseable {
  private static final CheckResponse ALLOW =
      CheckResponse.newBuilder()
          .setStatus(Status.newBuilder().setCode(io.grpc.Status.Code.OK.value()))
          .setOkResponse(OkHttpResponse.getDefaultInstance())
          .build();

  private final Server server;

  private NoopAuthzServer(Server server) {
    this.server = server;
  }

  /**
   * Binds and starts serving.
   *
   * @param port the port, or 0 for any free port (see {@link #port()})
   */
  public static NoopAuthzServer start(String host, int port) throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .directExecutor()
            .addService(new AllowAll())
            .build()
            .start();
    return new NoopAuthzServer(server);
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting calls and waits up to 5 s for the ones in flight. */
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

  /** {@code --host H --port P}: serves until the JVM is stopped (SIGTERM, Ctrl-C). */
  public static void main(String[] args) throws IOException, InterruptedException {
    Args parsed;
    try {
      parsed = Args.parse(args, Set.of("host", "port"), Set.of());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: NoopAuthzServer [--host 127.0.0.1] [--port 5443]");
      System.exit(2);
      return;
    }
    NoopAuthzServer noop = start(parsed.string("host", "127.0.0.1"), parsed.integer("port", 5443));
    Runtime.getRuntime().addShutdownHook(new Thread(noop::close));
    System.out.println("no-op ext_authz server listening on port " + noop.port());
    noop.server.awaitTermination();
  }

  private static final class AllowAll extends AuthorizationGrpc.AuthorizationImplBase {
    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> responseObserver) {
      responseObserver.onNext(ALLOW);
      responseObserver.onCompleted();
    }
  }
}
