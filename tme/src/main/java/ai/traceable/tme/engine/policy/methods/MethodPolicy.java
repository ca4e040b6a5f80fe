package ai.traceable.tme.engine.policy.methods;

import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.PolicyAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The HTTP methods an application serves ({@code policies.methods} in the rules file). A request
 * whose method is not on the list, or that asks for another method through an override ({@code
 * X-HTTP-Method-Override}, {@code X-HTTP-Method}, {@code X-Method-Override}, or a {@code _method}
 * query parameter, as frameworks honour them), matches. TRACE and TRACK echo requests back
 * (cross-site tracing), DEBUG starts remote debugging on IIS, WebDAV and Exchange verbs reach
 * handlers that plain APIs never meant to expose, and made-up methods probe how servers and proxies
 * disagree. Method names are case-sensitive, as in HTTP. Immutable and thread-safe.
 *
 * @param id the finding's rule id
 * @param allowed the methods served
 * @param action BLOCK or ALERT
 */
public record MethodPolicy(String id, Set<String> allowed, PolicyAction action) {

  /** The list the bundled rules use, and the default when an entry gives none. */
  public static final Set<String> DEFAULT_ALLOWED =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** No method policy: every method passes. */
  public static final MethodPolicy NONE = new MethodPolicy("", Set.of(), PolicyAction.ALERT);

  /** How much of a form body is searched for a {@code _method} field. */
  private static final int MAX_FORM_BYTES = 8192;

  private static final List<String> OVERRIDE_HEADERS =
      List.of("x-http-method-override", "x-http-method", "x-method-override");

  public MethodPolicy {
    allowed = Set.copyOf(allowed);
  }

  public boolean isEmpty() {
    return allowed.isEmpty();
  }

  /**
   * The method the request asks for that is not allowed (the request's own, or one named by an
   * override), or null when it asks only for allowed methods.
   */
  public String violation(RequestView request) {
    if (isEmpty()) {
      return null;
    }
    if (!allowed.contains(request.method())) {
      return request.method();
    }
    for (String header : OVERRIDE_HEADERS) {
      for (String v : request.header(header)) {
        String m = v.strip().toUpperCase(Locale.ROOT);
        if (!allowed.contains(m)) {
          return m;
        }
      }
    }
    String query = overrideParameter(request.rawQuery());
    if (query != null) {
      return query;
    }
    List<String> type = request.header("content-type");
    if (!type.isEmpty() && type.get(0).startsWith("application/x-www-form-urlencoded")) {
      byte[] body = request.body();
      int n = Math.min(body.length, MAX_FORM_BYTES);
      return overrideParameter(new String(body, 0, n, StandardCharsets.ISO_8859_1));
    }
    return null;
  }

  /** A {@code _method} parameter in a query string or form body naming a method not allowed. */
  private String overrideParameter(String query) {
    int at = query.indexOf("_method=");
    while (at >= 0) {
      if (at == 0 || query.charAt(at - 1) == '&') {
        int end = query.indexOf('&', at);
        String m = query.substring(at + 8, end < 0 ? query.length() : end);
        m = m.strip().toUpperCase(Locale.ROOT);
        if (!allowed.contains(m)) {
          return m;
        }
      }
      at = query.indexOf("_method=", at + 8);
    }
    return null;
  }
}
