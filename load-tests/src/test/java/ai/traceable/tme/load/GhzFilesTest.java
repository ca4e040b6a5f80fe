package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed ghz files: current, and valid against the committed protoset. */
class GhzFilesTest {
  private static final Path DIR = Path.of("ghz");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void committedFilesAreWhatTheGeneratorWritesToday() throws Exception {
    assertArrayEquals(
        GhzFiles.protoset().toByteArray(),
        Files.readAllBytes(DIR.resolve(GhzFiles.PROTOSET)),
        "authz.protoset is stale: run GhzFiles (see load-tests/README.md)");
    for (Map.Entry<String, String> config : GhzFiles.configs().entrySet()) {
      assertEquals(
          config.getValue(),
          Files.readString(DIR.resolve(config.getKey())),
          config.getKey() + " is stale: run GhzFiles (see load-tests/README.md)");
    }
  }

  /** Descriptors built from the protoset file alone, as ghz builds them. */
  private static Map<String, FileDescriptor> loadProtoset() throws Exception {
    FileDescriptorSet set =
        FileDescriptorSet.parseFrom(Files.readAllBytes(DIR.resolve(GhzFiles.PROTOSET)));
    Map<String, FileDescriptor> built = new HashMap<>();
    for (FileDescriptorProto file : set.getFileList()) {
      FileDescriptor[] deps =
          file.getDependencyList().stream().map(built::get).toArray(FileDescriptor[]::new);
      for (int i = 0; i < deps.length; i++) {
        assertTrue(deps[i] != null, file.getName() + " imports a file listed after it");
      }
      built.put(file.getName(), FileDescriptor.buildFrom(file, deps));
    }
    return built;
  }

  private static MethodDescriptor method(Map<String, FileDescriptor> files, String call) {
    int dot = call.lastIndexOf('.');
    String service = call.substring(0, dot);
    for (FileDescriptor f : files.values()) {
      for (ServiceDescriptor s : f.getServices()) {
        if (s.getFullName().equals(service)) {
          return s.findMethodByName(call.substring(dot + 1));
        }
      }
    }
    return null;
  }

  private static JsonFormat.Parser strictParser(Map<String, FileDescriptor> files) {
    JsonFormat.TypeRegistry.Builder types = JsonFormat.TypeRegistry.newBuilder();
    files.values().forEach(f -> types.add(f.getMessageTypes()));
    return JsonFormat.parser().usingTypeRegistry(types.build());
  }

  @Test
  void everyConfigCallsCheckAndEveryRequestParsesAgainstTheProtoset() throws Exception {
    Map<String, FileDescriptor> files = loadProtoset();
    JsonFormat.Parser parser = strictParser(files);
    List<String> lines = Files.readAllLines(DIR.resolve("scenarios.tsv"));
    int configs = 0;
    for (String line : lines) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t");
      JsonNode config = JSON.readTree(DIR.resolve(fields[1]).toFile());
      MethodDescriptor method = method(files, config.get("call").asText());
      assertTrue(method != null, fields[1] + ": call not in the protoset");
      assertEquals("CheckRequest", method.getInputType().getName());
      assertEquals(GhzFiles.PROTOSET, config.get("protoset").asText());
      assertTrue(config.get("insecure").asBoolean(), "tme serves h2c");
      for (String key : List.of("host", "connections", "concurrency", "duration", "timeout")) {
        assertTrue(config.has(key), fields[1] + " lacks " + key);
      }
      JsonNode data = config.get("data");
      assertEquals(GhzFiles.REQUESTS, data.size(), fields[1]);
      for (JsonNode request : data) {
        DynamicMessage.Builder message = DynamicMessage.newBuilder(method.getInputType());
        parser.merge(request.toString(), message);
        assertTrue(message.build().toByteArray().length > 200, fields[1]);
      }
      double min = Double.parseDouble(fields[2]);
      double max = Double.parseDouble(fields[3]);
      assertTrue(min <= max && max <= 1, line);
      configs++;
    }
    assertEquals(GhzFiles.RUNS.size(), configs, "scenarios.tsv lists every config");
  }

  @Test
  void aMisspeltFieldInARequestIsRejected() throws Exception {
    Map<String, FileDescriptor> files = loadProtoset();
    Descriptor check = method(files, GhzFiles.CALL).getInputType();
    String typo = "{\"atributes\":{\"request\":{\"http\":{\"method\":\"GET\"}}}}";

    assertThrows(
        InvalidProtocolBufferException.class,
        () -> strictParser(files).merge(typo, DynamicMessage.newBuilder(check)));
  }

  @Test
  void attackMixKeepsItsAttackShareExactly() throws Exception {
    List<io.envoyproxy.envoy.service.auth.v3.CheckRequest> requests =
        GhzFiles.requests(Scenario.ATTACK_MIX);
    RequestPool pool = Scenario.ATTACK_MIX.pool();
    java.util.Set<io.envoyproxy.envoy.service.auth.v3.CheckRequest> attacks =
        new java.util.HashSet<>();
    for (int i = 0; i < pool.size(); i++) {
      if (pool.isAttack(i)) {
        attacks.add(pool.get(i));
      }
    }

    assertEquals(GhzFiles.REQUESTS, requests.size());
    assertEquals(
        GhzFiles.REQUESTS * Scenario.ATTACK_MIX.attackPercent() / 100,
        requests.stream().filter(attacks::contains).count());
    var parsed = io.envoyproxy.envoy.service.auth.v3.CheckRequest.newBuilder();
    JsonFormat.parser().merge(JsonFormat.printer().print(requests.get(7)), parsed);
    assertEquals(requests.get(7), parsed.build());
  }
}
