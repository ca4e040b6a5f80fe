package ai.traceable.tme.engine.policy.limits;

import ai.traceable.tme.engine.policy.PolicyAction;
import ai.traceable.tme.engine.policy.PolicyRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * A compiled enumeration rule: trips when one key (by default one client) sends more than {@code
 * limit} distinct values of a path parameter or JSON body field within {@code period}. Immutable
 * and thread-safe; the distinct values seen live in {@link PolicyState}.
 *
 * @param parameter a parameter of the path template, or null
 * @param bodyField the dotted path of a JSON body field ({@code user.id}), or null
 * @param blockFor how long the key stays denied after tripping; zero: until the window ends
 */
public record EnumerationRule(
    String id,
    PolicyAction action,
    Endpoints endpoints,
    LimitKey key,
    String parameter,
    List<String> bodyField,
    int limit,
    Duration period,
    Duration blockFor,
    int status,
    String stateKey) {

  public EnumerationRule {
    bodyField = bodyField == null ? null : List.copyOf(bodyField);
  }

  /** The counted value of a request in scope, or null when it has none. */
  public String value(PolicyRequest request) {
    if (parameter != null) {
      return endpoints.paths().get(0).parameter(request.pathOnly(), parameter);
    }
    JsonNode node = request.jsonBody();
    for (String step : bodyField) {
      if (node == null) {
        return null;
      }
      node = node.get(step);
    }
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }
}
