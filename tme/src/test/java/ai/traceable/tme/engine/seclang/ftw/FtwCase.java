package ai.traceable.tme.engine.seclang.ftw;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One stage of one go-ftw test: the request ({@code input}) and what the WAF must have logged
 * ({@code output}).
 *
 * @param file the YAML file, relative to the tests directory
 * @param ruleId the rule the file tests
 * @param testId the test's id within the file
 * @param stage the stage index (0 for single-stage tests)
 * @param input the {@code input} node
 * @param output the {@code output} node
 */
record FtwCase(String file, long ruleId, int testId, int stage, JsonNode input, JsonNode output) {

  /** {@code 942100-3}, with {@code /stage} for multi-stage tests. */
  String name() {
    return ruleId + "-" + testId + (stage > 0 ? "/" + stage : "");
  }

  /** The ids that must be in the log. */
  List<Long> expectIds() {
    return ids(output.path("log").path("expect_ids"));
  }

  /** The ids that must not be in the log. */
  List<Long> noExpectIds() {
    return ids(output.path("log").path("no_expect_ids"));
  }

  private static List<Long> ids(JsonNode node) {
    List<Long> ids = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> ids.add(n.asLong()));
    } else if (node.isNumber() || node.isTextual()) {
      ids.add(node.asLong());
    }
    return ids;
  }
}
