package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;

/**
 * Requests of API clients rather than browsers: JSON POSTs with a buffered body, a bearer token and
 * an API key, as Envoy sends them with {@code with_request_body}; and a login burst from one client
 * for rate-limit tests. Deterministic for a given {@link Random}. Stateless.
 */
final class ApiRequests {
  /** The client of the rate-limit burst: one address and one API key for every request. */
  static final String BURST_CLIENT = "203.0.113.77";

  static final String BURST_API_KEY = "load-burst-key";

  private static final String[] SKUS = {"SHOE-1042", "SOCK-0007", "BAG-3310", "CAP-0420"};

  private ApiRequests() {}

  /** A JSON order POST, about 600 bytes of body. */
  static CheckRequest order(Random random) {
    StringBuilder items = new StringBuilder();
    int lines = 1 + random.nextInt(4);
    for (int i = 0; i < lines; i++) {
      if (i > 0) {
        items.append(',');
      }
      items.append(
          String.format(
              "{\"sku\":\"%s\",\"quantity\":%d,\"unitPrice\":%d.%02d,\"note\":\"gift wrap, no"
                  + " invoice in the parcel\"}",
              SKUS[random.nextInt(SKUS.length)],
              1 + random.nextInt(3),
              5 + random.nextInt(200),
              random.nextInt(100)));
    }
    String body =
        String.format(
            "{\"customerId\":%d,\"currency\":\"EUR\",\"items\":[%s],\"shipping\":{\"name\":\"Ada"
                + " Lovelace\",\"street\":\"12 St James's Square\",\"city\":\"London\","
                + "\"postcode\":\"SW1Y 4JH\",\"country\":\"GB\"},\"comment\":\"Please deliver"
                + " after 5 pm; ring twice.\"}",
            random.nextInt(1_000_000), items);
    String client = "192.0.2." + (1 + random.nextInt(254));
    return api(EnvoyRequests.request("POST", "/api/v1/orders"), client, random)
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + jwt(random))
        .header("x-api-key", String.format("key-%08x", random.nextInt()))
        .body(body)
        .build();
  }

  /**
   * A JSON order POST of about 4 KiB (an order with many lines), the 4 KiB JSON shape of tme's
   * engine benchmarks.
   */
  static CheckRequest largeOrder(Random random) {
    StringBuilder body =
        new StringBuilder(
            String.format("{\"order\":{\"id\":\"ord-%08d\",\"items\":[", random.nextInt(1 << 26)));
    for (int i = 0; body.length() < 4 * 1024 - 200; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(
          String.format(
              "{\"sku\":\"SKU-%d\",\"name\":\"Wireless headphones, model %d (black)\",\"qty\":%d,"
                  + "\"note\":\"Please deliver after 5pm; ring twice & leave at door\"}",
              10000 + random.nextInt(90000), i, 1 + random.nextInt(3)));
    }
    body.append(
        "],\"customer\":{\"name\":\"Siobhan O'Brien\",\"email\":\"s.obrien+shop@example.com\"}}}");
    String client = "192.0.2." + (1 + random.nextInt(254));
    return api(EnvoyRequests.request("POST", "/api/v1/orders"), client, random)
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + jwt(random))
        .body(body.toString())
        .build();
  }

  /** A login POST from the one burst client; the rate-limit scenario sends nothing else. */
  static CheckRequest burstLogin(Random random) {
    return api(EnvoyRequests.request("POST", "/api/v1/login"), BURST_CLIENT, random)
        .header("content-type", "application/json")
        .header("x-api-key", BURST_API_KEY)
        .body("{\"username\":\"ada\",\"password\":\"correct horse battery staple\"}")
        .build();
  }

  private static EnvoyRequests.Builder api(
      EnvoyRequests.Builder request, String client, Random random) {
    return request
        .host("api.example.com")
        .id(Long.toUnsignedString(random.nextLong()))
        .source(client, 1024 + random.nextInt(64000))
        .header("user-agent", "shop-mobile/5.12.0 (Android 14; Pixel 8)")
        .header("accept", "application/json")
        .header("accept-encoding", "gzip")
        .header("x-forwarded-for", client)
        .header("x-forwarded-proto", "https")
        .header("x-request-id", new UUID(random.nextLong(), random.nextLong()).toString());
  }

  /** A JWT-shaped token (not signed by anything real). */
  private static String jwt(Random random) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes());
    String claims =
        b64.encodeToString(
            String.format(
                    "{\"sub\":\"user-%d\",\"tenant\":\"acme\",\"exp\":%d}",
                    random.nextInt(100_000), 1_900_000_000 + random.nextInt(1000))
                .getBytes());
    byte[] signature = new byte[64];
    random.nextBytes(signature);
    return header + "." + claims + "." + b64.encodeToString(signature);
  }
}
