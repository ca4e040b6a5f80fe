package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class UnaryFastPathTest {

  @Test
  void peerHeaderRoundTripsIpv4AndIpv6() {
    assertThat(UnaryFastPath.parsePeer("10.1.2.3|5555"))
        .isEqualTo(new InetSocketAddress("10.1.2.3", 5555));
    assertThat(UnaryFastPath.parsePeer("0:0:0:0:0:0:0:1|80"))
        .isEqualTo(new InetSocketAddress("::1", 80));
  }

  @Test
  void malformedPeerHeaderNeverResolvesNamesAndFallsBackToUnknown() {
    assertThat(UnaryFastPath.parsePeer("localhost|80")).isEqualTo(UnaryFastPath.UNKNOWN_PEER);
    assertThat(UnaryFastPath.parsePeer("10.0.0.1")).isEqualTo(UnaryFastPath.UNKNOWN_PEER);
    assertThat(UnaryFastPath.parsePeer("10.0.0.1|port")).isEqualTo(UnaryFastPath.UNKNOWN_PEER);
    assertThat(UnaryFastPath.parsePeer("10.0.0.1|99999")).isEqualTo(UnaryFastPath.UNKNOWN_PEER);
  }

  @Test
  void grpcMessageIsPercentEncoded() {
    assertThat(GrpcReplies.percentEncode("too big: 100%")).isEqualTo("too big: 100%25");
    assertThat(GrpcReplies.percentEncode("é\n")).isEqualTo("%C3%A9%0A");
  }
}
