package ai.traceable.tme.engine.policy;

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
record EnumerationRule(
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

  EnumerationRule {
    bodyField = bodyField == null ? null : List.copyOf(bodyField);
  }

  static EnumerationRule compile(RulesFileModel.Enumeration e, String id, PathIndex.Builder index) {
    String where = "enumeration '" + id + "'";
    PolicyAction action =
        e.action() == null
            ? PolicyAction.BLOCK
            : PolicyAction.parse(e.action(), PolicyAction.FOR_LIMITS, where);
    if ((e.parameter() == null) == (e.bodyField() == null)) {
      throw new IllegalArgumentException(where + ": give exactly one of 'parameter', 'bodyField'");
    }
    List<String> paths = e.path() == null ? List.of() : List.of(e.path());
    Endpoints endpoints = Endpoints.compile(e.methods(), paths, where, index);
    if (e.parameter() != null
        && (endpoints.paths().isEmpty() || !endpoints.paths().get(0).hasParameter(e.parameter()))) {
      throw new IllegalArgumentException(
          where + ": 'parameter' " + e.parameter() + " must be a '{name}' of 'path'");
    }
    List<String> field = null;
    if (e.bodyField() != null) {
      if (e.bodyField().isBlank() || e.bodyField().contains("..")) {
        throw new IllegalArgumentException(where + ": 'bodyField' must be a dotted field path");
      }
      field = List.of(e.bodyField().strip().split("\\."));
    }
    int limit = PolicyDurations.positive(e.limit(), "limit", where);
    Duration period = PolicyDurations.required(e.period(), "period", where);
    return new EnumerationRule(
        id,
        action,
        endpoints,
        LimitKey.compile(e.key(), where),
        e.parameter(),
        field,
        limit,
        period,
        PolicyDurations.optional(e.blockFor(), "blockFor", where),
        PolicyDurations.status(e.status(), where),
        id + "|" + limit + "|" + period.toNanos() + "|" + e.parameter() + "|" + e.bodyField());
  }

  /** The counted value of a request in scope, or null when it has none. */
  String value(PolicyRequest request) {
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
