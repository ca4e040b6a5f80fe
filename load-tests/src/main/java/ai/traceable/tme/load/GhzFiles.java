package ai.traceable.tme.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.ExternalAuthProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes what ghz needs to drive tme with the generator's scenarios: {@code authz.protoset} (the
 * compiled descriptors of Envoy's {@code Authorization} service and everything it imports, taken
 * from the same Envoy classes the generator uses) and one {@code --config} JSON per scenario whose
 * {@code data} holds the scenario's requests in protobuf's JSON mapping (ghz sends an array's
 * elements round-robin). The files are committed under {@code load-tests/ghz}; a test regenerates
 * them and fails when they drift.
 *
 * <p>{@code java -cp load-tests/target/tme-load.jar ai.traceable.tme.load.GhzFiles load-tests/ghz}
 */
public final class GhzFiles {
  static final String PROTOSET = "authz.protoset";
  static final String CALL = "envoy.service.auth.v3.Authorization.Check";

  /** Requests per config: enough variety, small enough to commit. */
  static final int REQUESTS = 100;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** How ghz runs one scenario. */
  record Run(Scenario scenario, int connections, int concurrency, int rps, String duration) {}

  static final List<Run> RUNS =
      List.of(
          new Run(Scenario.BENIGN, 4, 64, 0, "30s"),
          new Run(Scenario.API_JSON, 4, 64, 0, "30s"),
          new Run(Scenario.ATTACK_MIX, 4, 64, 0, "30s"),
          new Run(Scenario.RATE_LIMIT_BURST, 1, 8, 500, "20s"));

  private GhzFiles() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "load-tests/ghz");
    Files.createDirectories(dir);
    Files.write(dir.resolve(PROTOSET), protoset().toByteArray());
    for (Map.Entry<String, String> file : configs().entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
    System.out.println("wrote " + PROTOSET + " and " + RUNS.size() + " configs to " + dir);
  }

  /** The Authorization service's file and its imports, each after the files it imports. */
  static FileDescriptorSet protoset() {
    Set<FileDescriptor> ordered = new LinkedHashSet<>();
    addWithImports(ExternalAuthProto.getDescriptor(), ordered);
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    ordered.forEach(f -> set.addFile(f.toProto()));
    return set.build();
  }

  private static void addWithImports(FileDescriptor file, Set<FileDescriptor> out) {
    if (out.contains(file)) {
      return;
    }
    for (FileDescriptor dependency : file.getDependencies()) {
      addWithImports(dependency, out);
    }
    out.add(file);
  }

  /** File name to content of every scenario's config. */
  static Map<String, String> configs() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Run run : RUNS) {
      out.put(run.scenario().cliName() + ".json", config(run));
    }
    return out;
  }

  private static String config(Run run) {
    ObjectNode c = JSON.createObjectNode();
    c.put("name", "tme " + run.scenario().cliName() + ": " + run.scenario().expectation());
    c.put("call", CALL);
    c.put("protoset", PROTOSET);
    c.put("host", "127.0.0.1:5442");
    c.put("insecure", true);
    c.put("connections", run.connections());
    c.put("concurrency", run.concurrency());
    if (run.rps() > 0) {
      c.put("rps", run.rps());
    }
    c.put("duration", run.duration());
    c.put("timeout", "5s");
    ArrayNode data = c.putArray("data");
    for (CheckRequest request : requests(run.scenario())) {
      try {
        data.add(JSON.readTree(JsonFormat.printer().print(request)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return JSON.writeValueAsString(c) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@value #REQUESTS} requests of the scenario with its attack share kept exact: the pool's
   * attacks spread evenly among its first benign requests.
   */
  static List<CheckRequest> requests(Scenario scenario) {
    RequestPool pool = scenario.pool();
    int attacks = REQUESTS * scenario.attackPercent() / 100;
    List<CheckRequest> benign = new ArrayList<>();
    List<CheckRequest> attack = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      (pool.isAttack(i) ? attack : benign).add(pool.get(i));
    }
    List<CheckRequest> out = new ArrayList<>(REQUESTS);
    int step = attacks == 0 ? Integer.MAX_VALUE : REQUESTS / attacks;
    int a = 0;
    int b = 0;
    for (int i = 0; i < REQUESTS; i++) {
      boolean attackHere = a < attacks && i % step == step / 2;
      out.add(attackHere ? attack.get(a++) : benign.get(b++));
    }
    return out;
  }
}
