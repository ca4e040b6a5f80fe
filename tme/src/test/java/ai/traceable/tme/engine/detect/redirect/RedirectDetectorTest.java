package ai.traceable.tme.engine.detect.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.RequestTableTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class RedirectDetectorTest extends RequestTableTest {
  private static final RedirectDetector DETECTOR = new RedirectDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(get("/login?next=https://attacker.example/"), "redirect-100"),
        a(get("/logout?continue=https://shop.example.com.attacker.example/"), "redirect-100"),
        a(get("/go?goto=https://shop.example.com@attacker.example/"), "redirect-100"),
        a(get("/signin?redirect=/%5Cattacker.example"), "redirect-100"),
        a(get("/a?returnTo=https:attacker.example"), "redirect-100"),
        a(get("/a?return_url=%20//attacker.example"), "redirect-100"),
        a(get("/a?next=/%09/attacker.example"), "redirect-100"),
        a(get("/a?url=//attacker.example"), "redirect-100"),
        a(get("/a?url=https://attacker%E3%80%82example"), "redirect-100"),
        a(get("/a?target=https://203.0.113.50/login"), "redirect-100"),
        a(get("/a?to=https://attacker.example%5C@shop.example.com"), "redirect-100"),
        a(get("/a?next=https%26%2358;//attacker.example/"), "redirect-100"),
        a(post("/login", "{\"redirectUrl\":\"https://attacker.example/x\"}"), "redirect-100"),
        a(
            get("/done", "cookie", "redirect_after_login=https%3A%2F%2Fattacker.example%2F"),
            "redirect-100"),
        a(get("/done", "x-return-url", "https://attacker.example/"), "redirect-100"),
        a(get("/login?next=java%0d%0ascript:alert(0)"), "redirect-110"),
        a(get("/redirect/https://attacker.example/"), "redirect-120"),
        a(get("/out//attacker.example"), "redirect-120"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(get("/login?next=/account/orders")),
        b(get("/login?returnTo=https://shop.example.com/cart")),
        b(get("/help?next=https://docs.example.com/guide")),
        b(get("/a?next=https://shop.example.com:8443/x")),
        b(get("/login?next=/search?q=shoes%26page=2")),
        b(get("/oauth/authorize?redirect_uri=https://app.example.net/cb&client_id=x")),
        b(get("/logout?post_logout_redirect_uri=https://www.example.org/bye")),
        b(get("/cas/login?service=https://apps.example.org/validate")),
        b(post("/api/hooks", "{\"url\":\"https://hooks.slack.com/services/T0/B0/X\"}")),
        b(get("/a?r=https://docs.python.org/3/library/urllib.parse.html")),
        b(get("/a?returnDate=2024-05-01")),
        b(get("/a?next=page2")),
        b(get("/a?continue=true")),
        b(get("/blog/redirect/how-to-set-up-301s")),
        b(get("/a", "referer", "https://attacker.example/")));
  }

  @Test
  void sitesCompareTheRegistrablePart() {
    assertThat(Sites.sameSite("docs.example.com", "shop.example.com")).isTrue();
    assertThat(Sites.sameSite("a.example.co.uk", "b.example.co.uk")).isTrue();
    assertThat(Sites.sameSite("example.co.uk", "other.co.uk")).isFalse();
    assertThat(Sites.sameSite("shop.example.com.evil", "shop.example.com")).isFalse();
    assertThat(Sites.hostAt("https://a@b.example:443/x", 8)).isEqualTo("b.example");
  }
}
