package ai.traceable.tme.engine.seclang;

import ai.traceable.tme.engine.inspect.RequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns tme's {@link RequestView} into the {@link SecLangRequest} the SecLang rules read.
 * Stateless.
 *
 * <p>SecLang matches bytes: each text field becomes a byte string, the UTF-8 bytes of the value one
 * char each (ISO-8859-1), which is what the client sent for every value Envoy passes on as valid
 * UTF-8. The body is passed as it came. Pseudo-headers ({@code :authority}, {@code :path}, ...) are
 * not request headers to SecLang; the host becomes a {@code host} header when none was sent, as
 * HTTP/2 clients send {@code :authority} instead. Envoy's ext_authz request carries no protocol
 * version, so {@code REQUEST_PROTOCOL} reads {@code HTTP/1.1}.
 */
public final class SecLangRequests {
  /** What {@code REQUEST_PROTOCOL} reads: the check request does not carry the version. */
  public static final String PROTOCOL = "HTTP/1.1";

  private SecLangRequests() {}

  /** The SecLang view of {@code view}. */
  public static SecLangRequest of(RequestView view) {
    List<SecLangRequest.Header> headers = new ArrayList<>(view.headers().size() + 1);
    boolean hasHost = false;
    for (Map.Entry<String, List<String>> e : view.headers().entrySet()) {
      String name = e.getKey();
      if (name.startsWith(":")) {
        continue;
      }
      hasHost |= name.equals("host");
      String byteName = SecLangRequest.bytes(name);
      for (String value : e.getValue()) {
        headers.add(new SecLangRequest.Header(byteName, SecLangRequest.bytes(value)));
      }
    }
    List<String> authority = view.header(":authority");
    if (!hasHost && (!view.host().isEmpty() || !authority.isEmpty())) {
      // an empty authority stays an empty Host header: CRS tells a missing one from an empty one
      String host = view.host().isEmpty() ? authority.get(0) : view.host();
      headers.add(0, new SecLangRequest.Header("host", SecLangRequest.bytes(host)));
    }
    return new SecLangRequest(
        view.method(),
        SecLangRequest.bytes(view.path()),
        PROTOCOL,
        headers,
        view.sourceAddress(),
        view.sourcePort(),
        view.body());
  }
}
