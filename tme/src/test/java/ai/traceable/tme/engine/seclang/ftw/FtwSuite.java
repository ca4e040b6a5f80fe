package ai.traceable.tme.engine.seclang.ftw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a go-ftw regression suite: every {@code *.yaml}/{@code *.yml} under the tests directory,
 * each stage of each test as one case; and an overrides file ({@code test_overrides}: the tests a
 * reference engine is known to fail, with the reason).
 */
final class FtwSuite {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private FtwSuite() {}

  static List<FtwCase> read(Path testsDir) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(testsDir)) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<FtwCase> cases = new ArrayList<>();
    for (Path file : files) {
      JsonNode root = tree(file);
      if (root == null || root.isMissingNode() || root.isNull()) {
        continue;
      }
      long ruleId = root.path("rule_id").asLong();
      String name = testsDir.relativize(file).toString();
      for (JsonNode test : root.path("tests")) {
        int testId = test.path("test_id").asInt();
        JsonNode stages = test.path("stages");
        for (int s = 0; s < stages.size(); s++) {
          JsonNode stage = stages.get(s).has("stage") ? stages.get(s).get("stage") : stages.get(s);
          cases.add(
              new FtwCase(
                  name,
                  ruleId,
                  testId,
                  stages.size() > 1 ? s + 1 : 0,
                  stage.path("input"),
                  stage.path("output")));
        }
      }
    }
    return cases;
  }

  /** {@code ruleId-testId} to the reason the reference engine fails it. */
  static Map<String, String> overrides(Path file) {
    Map<String, String> reasons = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return reasons;
    }
    for (JsonNode o : tree(file).path("test_overrides")) {
      for (JsonNode id : o.path("test_ids")) {
        reasons.put(o.path("rule_id").asLong() + "-" + id.asInt(), o.path("reason").asText());
      }
    }
    return reasons;
  }

  private static JsonNode tree(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
