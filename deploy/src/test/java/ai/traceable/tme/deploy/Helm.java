package ai.traceable.tme.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code helm} binary: {@code -Dtme.helm=PATH}, else {@code .tools/helm} (from {@code
 * deploy/install-helm.sh}), else {@code helm} on the PATH. When none is found the calling test is
 * skipped, unless {@code -Dtme.requireHelm=true} (CI), which fails it instead.
 */
final class Helm {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path REPO_ROOT =
      Path.of(System.getProperty("tme.repoRoot", "..")).toAbsolutePath().normalize();
  static final Path CHART = REPO_ROOT.resolve("deploy/charts/traceableai-istio");
  static final String NAMESPACE = "tme-system";
  static final String RELEASE = "traceableai-istio";

  private Helm() {}

  /** The outcome of one helm command. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  /** The helm binary; skips the test (or fails it in CI) when there is none. */
  static Path binary() {
    Optional<Path> found = locate();
    if (found.isEmpty()) {
      if (Boolean.getBoolean("tme.requireHelm")) {
        throw new IllegalStateException(
            "helm not found (-Dtme.helm, .tools/helm or PATH) but -Dtme.requireHelm=true;"
                + " run deploy/install-helm.sh");
      }
      assumeTrue(false, "helm not found; run deploy/install-helm.sh to run the chart tests");
    }
    return found.get();
  }

  private static Optional<Path> locate() {
    String configured = System.getProperty("tme.helm", "");
    if (!configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    Path tools = REPO_ROOT.resolve(".tools/helm");
    if (Files.isExecutable(tools)) {
      return Optional.of(tools);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "helm");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(args);
    try {
      Path out = Files.createTempFile("helm-out", ".txt");
      Path err = Files.createTempFile("helm-err", ".txt");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("helm did not finish in 120 s: " + command);
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code helm template} of a chart with values files (relative to the chart) and --set pairs. */
  static Result template(Path chart, List<String> valuesFiles, List<String> sets) {
    return template(RELEASE, chart, valuesFiles, sets);
  }

  /** {@code helm template} under another release name. */
  static Result template(String release, Path chart, List<String> valuesFiles, List<String> sets) {
    return template(release, chart, valuesFiles, sets, List.of());
  }

  private static Result template(
      String release,
      Path chart,
      List<String> valuesFiles,
      List<String> sets,
      List<String> extraArgs) {
    List<String> args = new ArrayList<>(List.of("template", release, chart.toString()));
    args.addAll(List.of("--namespace", NAMESPACE));
    valuesFiles.forEach(f -> args.addAll(List.of("--values", chart.resolve(f).toString())));
    sets.forEach(s -> args.addAll(List.of("--set", s)));
    args.addAll(extraArgs);
    return run(args);
  }

  /** The objects {@code helm template} renders; fails the test when rendering fails. */
  static Rendered render(String... valuesFiles) {
    return render(CHART, List.of(valuesFiles), List.of());
  }

  static Rendered render(Path chart, List<String> valuesFiles, List<String> sets) {
    return parse(template(chart, valuesFiles, sets));
  }

  /** The objects rendered under another release name. */
  static Rendered renderRelease(String release, String... sets) {
    return parse(template(release, CHART, List.of(), List.of(sets)));
  }

  private static Rendered parse(Result result) {
    if (!result.succeeded()) {
      throw new AssertionError("helm template failed: " + result.stderr());
    }
    return Rendered.parse(result.stdout());
  }

  /**
   * The chart's NOTES.txt as {@code helm install} would print it. {@code helm install --dry-run}
   * needs a cluster, so a copy of the chart renders the notes into a ConfigMap through {@code tpl}
   * instead, with the same values and helpers.
   */
  static String notes(List<String> valuesFiles, List<String> sets) {
    try {
      Path copy = Files.createTempDirectory("chart-notes").resolve("traceableai-istio");
      try (var files = Files.walk(CHART)) {
        for (Path source : files.toList()) {
          Path target = copy.resolve(CHART.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        }
      }
      Files.copy(copy.resolve("templates/NOTES.txt"), copy.resolve("notes.txt"));
      Files.writeString(
          copy.resolve("templates/zz-notes.yaml"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\n"
              + "data: {NOTES.txt: {{ tpl (.Files.Get \"notes.txt\") . | quote }}}\n");
      Result result =
          template(
              RELEASE, copy, valuesFiles, sets, List.of("--show-only", "templates/zz-notes.yaml"));
      return parse(result).one("ConfigMap").path("data").path("NOTES.txt").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The values files the chart ships for CI ({@code ci/*-values.yaml}), relative to the chart. */
  static List<String> ciValuesFiles() {
    try (var files = Files.list(CHART.resolve("ci"))) {
      return files
          .map(f -> "ci/" + f.getFileName())
          .filter(f -> f.endsWith("-values.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readYaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
