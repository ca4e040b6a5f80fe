package ai.traceable.tme.engine.seclang;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.inspect.RequestView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecLangRequestsTest {

  private static RequestView view(Map<String, List<String>> headers, String path) {
    return new RequestView(
        "post",
        path,
        "api.example.com",
        headers,
        "a=1".getBytes(StandardCharsets.UTF_8),
        false,
        "203.0.113.9",
        4242);
  }

  @Test
  void textBecomesItsUtf8BytesOneCharEach() {
    SecLangRequest r =
        SecLangRequests.of(view(Map.of("x-name", List.of("é")), "/caf%C3%A9?q=\u00e9"));
    assertThat(r.uri()).isEqualTo("/caf%C3%A9?q=\u00c3\u00a9");
    assertThat(r.header("x-name")).isEqualTo("\u00c3\u00a9");
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.protocol()).isEqualTo("HTTP/1.1");
    assertThat(r.remoteAddress()).isEqualTo("203.0.113.9");
    assertThat(r.remotePort()).isEqualTo(4242);
    assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).isEqualTo("a=1");
  }

  @Test
  void pseudoHeadersAreDroppedAndTheHostBecomesAHostHeader() {
    SecLangRequest r =
        SecLangRequests.of(
            view(
                Map.of(
                    ":authority", List.of("api.example.com"),
                    ":path", List.of("/"),
                    "accept", List.of("a", "b")),
                "/"));
    assertThat(r.headers())
        .extracting(SecLangRequest.Header::name)
        .containsExactlyInAnyOrder("host", "accept", "accept");
    assertThat(r.header("host")).isEqualTo("api.example.com");
  }

  @Test
  void aSentHostHeaderIsKeptAsSent() {
    SecLangRequest r = SecLangRequests.of(view(Map.of("host", List.of("other.example")), "/"));
    assertThat(r.headers()).containsExactly(new SecLangRequest.Header("host", "other.example"));
  }

  @Test
  void anEmptyAuthorityIsAnEmptyHostHeaderNotAMissingOne() {
    RequestView v =
        new RequestView(
            "GET", "/", "", Map.of(":authority", List.of("")), null, false, "192.0.2.1", 1);
    assertThat(SecLangRequests.of(v).headers())
        .containsExactly(new SecLangRequest.Header("host", ""));
    RequestView none = new RequestView("GET", "/", "", Map.of(), null, false, "192.0.2.1", 1);
    assertThat(SecLangRequests.of(none).headers()).isEmpty();
  }
}
