package ai.traceable.tme.engine.detect.session;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.RequestTableTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class SessionFixationDetectorTest extends RequestTableTest {
  private static final SessionFixationDetector DETECTOR = new SessionFixationDetector();
  private static final String OFF_SITE = "https://attacker.example/promo.html";

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(get("/app/home?PHPSESSID=attackerchosen0123"), "session-fixation-100"),
        a(get("/shop?JSESSIONID=F1XEDF1XED", "referer", OFF_SITE), "session-fixation-100"),
        a(get("/?ASP.NET_SessionId=p3xk2m1fvq0a5n4h"), "session-fixation-100"),
        a(get("/cart?ASPSESSIONIDQQGGGNCU=ABCDEFGHIJKL"), "session-fixation-100"),
        a(get("/sso?session=e3b0c44298fc1c149afbf4c8996fb924"), "session-fixation-100"),
        a(get("/shop/cart;jsessionid=F1XED000000AA"), "session-fixation-100"),
        a(post("/login", "u=a&PHPSESSID=attacker123", "referer", OFF_SITE), "session-fixation-110"),
        a(
            post(
                "/api/login", "{\"user\":\"b\",\"sessionId\":\"fixed-0001\"}", "referer", OFF_SITE),
            "session-fixation-110"),
        a(
            get("/home", "referer", OFF_SITE, "x-session-id", "attacker-fixed-001"),
            "session-fixation-110"),
        a(
            get("/login", "referer", OFF_SITE, "cookie", "PHPSESSID=attackerfixed99"),
            "session-fixation-110"),
        a(
            get("/account", "cookie", "JSESSIONID=FIXED1234; JSESSIONID=REAL5678"),
            "session-fixation-110"),
        a(
            get("/login", "referer", "https://attacker.example/?PHPSESSID=fixed"),
            "session-fixation-110"),
        a(
            get("/s?q=%3Cmeta%20http-equiv%3D%22Set-Cookie%22%20content%3D%22SID%3Dx%22%3E"),
            "session-fixation-120"),
        a(
            post("/c", "t=document.cookie%3D%22PHPSESSID%3Dfixed%3B+path%3D/%22"),
            "session-fixation-120"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(get("/account", "referer", "https://shop.example.com/", "cookie", "PHPSESSID=r4nd0m")),
        b(
            get(
                "/products/lamp",
                "referer",
                "https://www.google.com/",
                "cookie",
                "session=9f8e7d6c")),
        b(get("/agenda?session=keynote-2", "referer", "https://www.google.com/")),
        b(get("/api/v1/analytics?session_length=312")),
        b(get("/api/v1/analytics?sid=7")),
        b(post("/api/sessions", "{\"sessionId\":\"4f29cdb8-a71a-48bd-82ad-f6362fb81ff2\"}")),
        b(
            post(
                "/account/devices/revoke",
                "session_id=7&confirm=yes",
                "referer",
                "https://shop.example.com/")),
        b(get("/", "cookie", "sid=c9a1e7b3; PHPSESSID=abcd1234; theme=dark")),
        b(post("/api/docs", "{\"q\":\"how to configure Set-Cookie SameSite\"}")),
        b(
            post(
                "/api/cms",
                "{\"head\":\"<meta http-equiv=\\\"X-UA-Compatible\\\" content=\\\"IE=edge\\\">\"}")),
        b(post("/api/docs", "{\"q\":\"if (document.cookie == '') { login(); }\"}")),
        b(
            get(
                "/checkout/return?status=paid",
                "referer",
                "https://psp.example.net/",
                "cookie",
                "session=0a1b2c")));
  }
}
