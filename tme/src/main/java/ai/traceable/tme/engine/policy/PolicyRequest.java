package ai.traceable.tme.engine.policy;

import ai.traceable.tme.engine.inspect.RequestView;
import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as custom policies see it: the parts they test are worked out on first use and kept,
 * so ten rules that key on a JWT claim decode the token once. Owned by one evaluation; not
 * thread-safe.
 */
public final class PolicyRequest {
  /** A name and its (percent-decoded) value. */
  public record Pair(String name, String value) {}

  private final RequestView view;
  private final int trustedHops;
  private String pathOnly;
  private String bodyText;
  private String client;
  private IPAddress clientIp;
  private boolean clientParsed;
  private JsonNode claims;
  private boolean claimsRead;
  private List<Pair> parameters;
  private List<Pair> cookies;
  private JsonNode jsonBody;
  private boolean jsonBodyRead;

  public PolicyRequest(RequestView view, int trustedHops) {
    this.view = view;
    this.trustedHops = trustedHops;
  }

  public RequestView view() {
    return view;
  }

  /** The path without the query string, computed once. */
  public String pathOnly() {
    if (pathOnly == null) {
      pathOnly = view.pathOnly();
    }
    return pathOnly;
  }

  /** The body as UTF-8 text, decoded once. */
  public String bodyText() {
    if (bodyText == null) {
      bodyText = new String(view.body(), StandardCharsets.UTF_8);
    }
    return bodyText;
  }

  /** The client address as text (socket peer or trusted x-forwarded-for entry), maybe empty. */
  public String client() {
    if (client == null) {
      client = view.clientAddress(trustedHops);
    }
    return client;
  }

  /** The client address parsed, or null when it is missing or not an address. */
  public IPAddress clientIp() {
    if (!clientParsed) {
      clientParsed = true;
      String text = client();
      // getAddress() returns null instead of throwing for malformed input
      clientIp = text.isEmpty() ? null : new IPAddressString(text).getAddress();
    }
    return clientIp;
  }

  /** A claim of the bearer token's payload (not verified), as text; null when absent. */
  public String claim(String name) {
    if (!claimsRead) {
      claimsRead = true;
      claims = JwtPayload.of(view);
    }
    return claims == null ? null : JwtPayload.claim(claims, name);
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = view.header(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Query arguments, then form fields of a form body, in order. */
  public List<Pair> parameters() {
    if (parameters == null) {
      List<Pair> out = new ArrayList<>();
      addForm(view.rawQuery(), out);
      if (contentType().contains("application/x-www-form-urlencoded")) {
        addForm(new String(view.body(), StandardCharsets.UTF_8), out);
      }
      parameters = out;
    }
    return parameters;
  }

  /** Cookies of every {@code cookie} header, in order. */
  public List<Pair> cookies() {
    if (cookies == null) {
      List<Pair> out = new ArrayList<>();
      for (String header : view.header("cookie")) {
        for (String part : header.split(";")) {
          int eq = part.indexOf('=');
          String name = (eq < 0 ? part : part.substring(0, eq)).strip();
          if (!name.isEmpty()) {
            out.add(new Pair(name, eq < 0 ? "" : part.substring(eq + 1).strip()));
          }
        }
      }
      cookies = out;
    }
    return cookies;
  }

  /** The body parsed as JSON when its content type says JSON, or null. */
  public JsonNode jsonBody() {
    if (!jsonBodyRead) {
      jsonBodyRead = true;
      if (contentType().contains("json") && view.body().length > 0) {
        jsonBody = JwtPayload.readTree(view.body());
      }
    }
    return jsonBody;
  }

  /** The body size: the bytes received, or the declared content-length when that is larger. */
  public long bodySize() {
    long size = view.body().length;
    String declared = header("content-length");
    if (declared != null) {
      try {
        size = Math.max(size, Long.parseLong(declared.strip()));
      } catch (NumberFormatException e) {
        // a malformed content-length says nothing about the size
      }
    }
    return size;
  }

  public Map<String, List<String>> headers() {
    return view.headers();
  }

  private String contentType() {
    String type = header("content-type");
    return type == null ? "" : type.toLowerCase(Locale.ROOT);
  }

  private static void addForm(String text, List<Pair> out) {
    if (text.isEmpty()) {
      return;
    }
    for (String part : text.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      out.add(new Pair(decode(name), decode(value)));
    }
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // malformed escapes: test the value as sent
    }
  }
}
