package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chart's README lists every value of values.yaml, and only values that exist. */
class ChartReadmeTest {

  private static JsonNode values() throws IOException {
    return Helm.readYaml(Files.readString(Helm.CHART.resolve("values.yaml")));
  }

  private static String readme() throws IOException {
    return Files.readString(Helm.CHART.resolve("README.md"));
  }

  /** Dotted paths of every value: leaves and empty maps, and every map node as well. */
  private static void paths(JsonNode node, String prefix, Set<String> out) {
    if (!prefix.isEmpty()) {
      out.add(prefix);
    }
    if (node.isObject()) {
      node.properties()
          .forEach(
              e ->
                  paths(
                      e.getValue(),
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      out));
    }
  }

  /** The values a user sets: leaves, empty maps and lists, not maps that only group values. */
  private static void settable(JsonNode node, String prefix, Set<String> out) {
    if (node.isObject() && !node.isEmpty() && !isFreeForm(prefix)) {
      node.properties()
          .forEach(
              e ->
                  settable(
                      e.getValue(),
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      out));
    } else {
      out.add(prefix);
    }
  }

  @Test
  void everyValueIsListed() throws IOException {
    Set<String> values = new HashSet<>();
    settable(values(), "", values);
    String readme = readme();
    List<String> missing = new ArrayList<>();
    for (String path : values) {
      // listed by its own name, or (for a user's map such as resources) by its parent's
      String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : path;
      if (!readme.contains("`" + path + "`")
          && !(isFreeForm(parent) && readme.contains("`" + parent + "`"))) {
        missing.add(path);
      }
    }

    assertThat(missing).as("values missing from the chart README").isEmpty();
  }

  /** Maps whose keys are the user's (labels, resources, ...), listed as a whole. */
  private static boolean isFreeForm(String path) {
    return path.matches(
        ".*\\b(selectorLabels|resources|securityContext|podSecurityContext|startupProbe"
            + "|livenessProbe|readinessProbe|podAnnotations|namespaceLabel|labels|annotations"
            + "|issuerRef|nodeSelector|objectSelector|affinity)$");
  }

  @Test
  void everyValueTheReadmeNamesExists() throws IOException {
    Set<String> all = new HashSet<>();
    paths(values(), "", all);
    Set<String> topLevel = new HashSet<>();
    values().fieldNames().forEachRemaining(topLevel::add);
    Matcher named = Pattern.compile("`([a-zA-Z]+(?:\\.[a-zA-Z]+)+)`").matcher(readme());
    List<String> unknown = new ArrayList<>();
    while (named.find()) {
      String path = named.group(1);
      boolean fileName = path.endsWith(".yaml") || path.endsWith(".json");
      if (!fileName
          && topLevel.contains(path.substring(0, path.indexOf('.')))
          && !all.contains(path)) {
        unknown.add(path);
      }
    }

    assertThat(unknown).as("the README names values that do not exist").isEmpty();
  }
}
