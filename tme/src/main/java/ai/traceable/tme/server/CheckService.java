package ai.traceable.tme.server;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationPowerApi;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.grpc.javadsl.Metadata;

/**
 * The Check implementation behind Pekko gRPC's generated handler, used for the calls the fast path
 * does not take (anything but a POST of {@code application/grpc} with identity or gzip encoding,
 * e.g. an unknown encoding, which the generated handler answers with its own error). The connection
 * is identified by the peer address that {@link UnaryFastPath} put into {@value
 * UnaryFastPath#PEER_HEADER}.
 */
final class CheckService implements AuthorizationPowerApi {
  private final ConnectionRegistry registry;

  CheckService(ConnectionRegistry registry) {
    this.registry = registry;
  }

  @Override
  public CompletionStage<CheckResponse> check(CheckRequest in, Metadata metadata) {
    InetSocketAddress peer =
        metadata
            .getText(UnaryFastPath.PEER_HEADER)
            .map(UnaryFastPath::parsePeer)
            .orElse(UnaryFastPath.UNKNOWN_PEER);
    PowerApiCall call = new PowerApiCall(in);
    registry.submit(peer, call);
    return call.reply();
  }
}
