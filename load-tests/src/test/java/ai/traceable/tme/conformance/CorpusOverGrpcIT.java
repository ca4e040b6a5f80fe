package ai.traceable.tme.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.traceable.tme.load.EnvoyRequests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labelled corpus (tme/src/test/resources/corpus) through the real gRPC path: a running tme jar
 * with the bundled rules, CheckRequests built the way Envoy builds them (body as the UTF-8 {@code
 * body} field for half the requests, as {@code raw_body} bytes for the other half). The attack and
 * benign decisions must match the labels, as they do in-process.
 */
class CorpusOverGrpcIT {
  private static final Path CORPUS = Path.of("..", "tme", "src", "test", "resources", "corpus");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Same list as tme's CorpusCaseTest: attacks knowingly allowed at paranoia 1. */
  private static final List<String> KNOWN_MISSES = List.of("scanner-042");

  private static TmeProcess tme;

  @BeforeAll
  static void startTme() {
    tme = TmeProcess.startReady("corpus", Map.of());
  }

  @AfterAll
  static void stopTme() throws InterruptedException {
    if (tme != null) {
      assertEquals(0, tme.stop(), "exit status after SIGTERM");
    }
  }

  @Test
  void everyLabelledRequestGetsItsDecisionOverGrpc() throws IOException {
    AuthorizationGrpc.AuthorizationBlockingStub stub = tme.stub();
    List<String> wrong = new ArrayList<>();
    int attacks = 0;
    int benign = 0;
    int n = 0;
    for (JsonNode c : cases()) {
      String id = c.path("id").asText();
      boolean attack = "deny".equals(c.path("expect").asText());
      CheckResponse response =
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).check(request(c, n++ % 2 == 0));
      boolean denied = response.getStatus().getCode() == Status.Code.PERMISSION_DENIED.value();
      if (attack) {
        attacks++;
      } else {
        benign++;
      }
      if (attack != denied && !KNOWN_MISSES.contains(id)) {
        wrong.add(id);
      }
    }
    assertTrue(attacks >= 300 && benign >= 300, attacks + " attacks, " + benign + " benign");
    assertEquals(List.of(), wrong, "requests whose decision differs from their label");
  }

  private static List<JsonNode> cases() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CORPUS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            out.add(JSON.readTree(line));
          }
        }
      }
    }
    return out;
  }

  private static CheckRequest request(JsonNode c, boolean bodyAsBytes) {
    EnvoyRequests.Builder b =
        EnvoyRequests.request(c.path("method").asText("GET"), c.path("path").asText("/"));
    Iterator<Map.Entry<String, JsonNode>> headers = c.path("headers").fields();
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> h = headers.next();
      if (h.getKey().equals("host")) {
        b.host(h.getValue().asText());
      } else {
        b.header(h.getKey(), h.getValue().asText());
      }
    }
    String body = c.path("body").asText("");
    if (!body.isEmpty()) {
      if (bodyAsBytes) {
        b.rawBody(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } else {
        b.body(body);
      }
    }
    return b.build();
  }
}
