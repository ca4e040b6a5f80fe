package ai.traceable.tme.engine.detect.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.RequestTableTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class ProtocolDetectorTest extends RequestTableTest {
  private static final ProtocolDetector DETECTOR = new ProtocolDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(
            post("/api/orders", "x=1", "content-length", "4", "transfer-encoding", "chunked"),
            "protocol-100"),
        a(post("/", "x=1", "transfer-encoding", "chunked, identity"), "protocol-100"),
        a(post("/", "x=1", "transfer-encoding", "xchunked"), "protocol-100"),
        a(
            post("/", "x=1", "transfer-encoding", "chunked", "transfer-encoding", "identity"),
            "protocol-100"),
        a(post("/", "x=1", "content-length", "3", "content-length", "44"), "protocol-100"),
        a(post("/", "x=1", "content-length", "-1"), "protocol-100"),
        a(get("/", "upgrade", "h2c", "connection", "Upgrade, HTTP2-Settings"), "protocol-110"),
        a(get("/api/admin", "connection", "close, X-Forwarded-For"), "protocol-110"),
        a(get("/m.mp4", "range", "bytes=0-18446744073709551615"), "protocol-120"),
        a(get("/m.mp4", "range", "bytes=5-1"), "protocol-120"),
        a(get("/m.mp4", "range", "bytes=-1-2"), "protocol-120"),
        a(get("/m.mp4", "range", "bytes=abc-def"), "protocol-120"),
        a(get("/m.mp4", "range", "bytes=" + "0-,".repeat(20) + "0-"), "protocol-120"),
        a(get("/m.mp4", "request-range", "bytes=" + "1-2,".repeat(17) + "3-4"), "protocol-120"),
        a(
            post("/api/x", "{\"a\":1}", "content-type", "application/json, text/html"),
            "protocol-130"),
        a(post("/up", "--x", "content-type", "multipart/form-data"), "protocol-130"),
        a(
            post("/up", "--b", "content-type", "multipart/form-data; boundary=a; boundary=b"),
            "protocol-130"),
        a(
            post("/c", "+ADw-script+AD4-", "content-type", "text/html; charset=utf-7"),
            "protocol-130"),
        a(
            post("/l", "x", "content-type", "application/x-www-form-urlencoded;charset=ibm037"),
            "protocol-130"),
        a(
            post("/api/hook", "{\"h\":\"X-Test: 1\\r\\nTransfer-Encoding: chunked\"}"),
            "protocol-140"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(get("/media/intro.mp4", "range", "bytes=0-1023")),
        b(get("/app.dmg", "range", "bytes=1048576-")),
        b(get("/manual.pdf", "range", "bytes=0-499, 1000-1499")),
        b(get("/clip.webm", "range", "bytes=-500")),
        b(get("/", "connection", "keep-alive")),
        b(get("/chat", "connection", "Upgrade", "upgrade", "websocket")),
        b(
            post(
                "/stream",
                "x",
                "transfer-encoding",
                "chunked",
                "content-type",
                "application/octet-stream")),
        b(post("/o", "{\"sku\":\"MUG-1\"}", "content-type", "application/json; charset=utf-8")),
        b(post("/up", "--b", "content-type", "multipart/form-data; boundary=----b")),
        b(get("/p?tags[]=1&tags[]=2")),
        b(get("/search?q=shoes&q=shoes")),
        b(post("/api/t", "{\"body\":\"Line one\\r\\nLine two\"}")),
        b(post("/x", "x", "expect", "100-continue")));
  }

  @Test
  void aRepeatedParameterWithAnotherValueIsOnlyASignal() {
    var stage =
        new ai.traceable.tme.engine.detect.DetectionStage(
            java.util.List.of(DETECTOR),
            ai.traceable.tme.engine.detect.DetectionSettings.DEFAULTS,
            0);
    var result = stage.inspect(get("/api/user?role=user&role=admin").view(), true);
    assertThat(result.findings()).extracting(f -> f.ruleId()).containsExactly("protocol-160");
    assertThat(result.score()).isLessThan(5);
  }
}
