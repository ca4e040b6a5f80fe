package ai.traceable.tme.engine.policy.signatures;

import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.engine.inspect.RequestView;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled custom rule: every condition present must hold (AND). Immutable and thread-safe.
 *
 * @param headers lower-case header name to the test its values must pass (any value may pass), in
 *     the order the file gives them
 */
public record MatchRule(
    String id,
    RuleAction action,
    StringMatcher method,
    StringMatcher path,
    StringMatcher host,
    Map<String, StringMatcher> headers) {

  public MatchRule {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The location that made the rule match, for the finding; only meaningful if it matched. */
  public String location() {
    if (!headers.isEmpty()) {
      return "header:" + headers.keySet().iterator().next();
    }
    if (path != null) {
      return "path";
    }
    if (host != null) {
      return "host";
    }
    return "method";
  }

  public boolean matches(RequestView request) {
    if (method != null && !method.matches(request.method())) {
      return false;
    }
    if (path != null && !path.matches(request.path())) {
      return false;
    }
    if (host != null && !host.matches(request.host())) {
      return false;
    }
    for (Map.Entry<String, StringMatcher> h : headers.entrySet()) {
      List<String> values = request.header(h.getKey());
      if (values.isEmpty() || !h.getValue().matchesAny(values)) {
        return false;
      }
    }
    return true;
  }
}
