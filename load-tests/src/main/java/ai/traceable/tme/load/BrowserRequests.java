package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic ext_authz requests: what Envoy sends for a browser's page and API traffic (about 1.2 KB
 * serialized, 18 headers including cookies and tracing headers), and attacks that the bundled
 * default rules of tme block. Deterministic for a given {@link Random}. Stateless.
 */
final class BrowserRequests {
  private static final List<String> PATHS =
      List.of(
          "/",
          "/api/v1/products/%d?currency=EUR&page=2",
          "/api/v1/cart",
          "/search?q=running+shoes&sort=price&size=%d",
          "/static/js/app.%08x.js",
          "/account/orders/%d",
          "/api/v1/recommendations?customer=%d&limit=12");

  private static final String USER_AGENT =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";

  /** An attack: method, path and an optional extra header; each matches one bundled rule. */
  private record Attack(String method, String path, String header, String value) {}

  private static final List<Attack> ATTACKS =
      List.of(
          new Attack("GET", "/.git/config", null, null),
          new Attack("GET", "/.env", null, null),
          new Attack("GET", "/db/backup.sql", null, null),
          new Attack("TRACE", "/", null, null),
          new Attack(
              "GET", "/search?q=1", "user-agent", "sqlmap/1.7.2#stable (https://sqlmap.org)"),
          new Attack("GET", "/", "user-agent", "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None)"),
          new Attack("GET", "/api/v1/cart", "x-scanner", "1"));

  private BrowserRequests() {}

  /** Number of distinct attack shapes; {@link #attack} cycles through them. */
  static int attackKinds() {
    return ATTACKS.size();
  }

  static CheckRequest benign(Random random) {
    String path = String.format(PATHS.get(random.nextInt(PATHS.size())), random.nextInt(1 << 20));
    return browser(EnvoyRequests.get(path), random).build();
  }

  /** The {@code kind}-th attack shape (modulo {@link #attackKinds()}), in browser clothing. */
  static CheckRequest attack(int kind, Random random) {
    Attack attack = ATTACKS.get(Math.floorMod(kind, ATTACKS.size()));
    EnvoyRequests.Builder request =
        browser(EnvoyRequests.request(attack.method(), attack.path()), random);
    if (attack.header() != null) {
      request.header(attack.header(), attack.value());
    }
    return request.build();
  }

  private static EnvoyRequests.Builder browser(EnvoyRequests.Builder request, Random random) {
    String client = "198.51.100." + (1 + random.nextInt(254));
    String requestId = new UUID(random.nextLong(), random.nextLong()).toString();
    return request
        .host("shop.example.com")
        .id(Long.toUnsignedString(random.nextLong()))
        .source(client, 1024 + random.nextInt(64000))
        .header("user-agent", USER_AGENT)
        .header(
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                + "image/apng,*/*;q=0.8")
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .header("accept-language", "en-GB,en;q=0.9,de;q=0.8")
        .header("cookie", cookie(random))
        .header("referer", "https://shop.example.com/category/shoes?page=1")
        .header("sec-ch-ua", "\"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"")
        .header("sec-fetch-mode", "navigate")
        .header("x-forwarded-for", client)
        .header("x-forwarded-proto", "https")
        .header("x-envoy-external-address", client)
        .header("x-request-id", requestId)
        .header("traceparent", traceparent(random));
  }

  private static String cookie(Random random) {
    return String.format(
        "session=%016x%016x; cart=%d; _ga=GA1.2.%d.%d; consent=analytics%%3Dyes%%26ads%%3Dno;"
            + " theme=dark; locale=en-GB; csrftoken=%016x%016x%016x",
        random.nextLong(),
        random.nextLong(),
        random.nextInt(100_000),
        random.nextInt(Integer.MAX_VALUE),
        1_700_000_000 + random.nextInt(50_000_000),
        random.nextLong(),
        random.nextLong(),
        random.nextLong());
  }

  private static String traceparent(Random random) {
    return String.format(
        "00-%016x%016x-%016x-01", random.nextLong(), random.nextLong(), random.nextLong());
  }
}
