package ai.traceable.tme.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The requests of each ghz config, sent once each to a real tme with the rules ghz/scenarios.tsv
 * names, produce the decision share that file states (what {@code run-ghz.sh} checks when ghz runs
 * them under load).
 */
class GhzScenariosIT {
  private static final Path GHZ = Path.of("ghz");

  @ParameterizedTest
  @CsvSource({"benign", "api-json", "attack-mix"})
  void configRequestsGetTheDecisionsTheScenarioStates(String scenario) throws Exception {
    String[] row =
        Files.readAllLines(GHZ.resolve("scenarios.tsv")).stream()
            .filter(l -> l.startsWith(scenario + "\t"))
            .findFirst()
            .orElseThrow()
            .split("\t");
    JsonNode data = new ObjectMapper().readTree(GHZ.resolve(row[1]).toFile()).get("data");
    try (TmeProcess tme = TmeProcess.startReady("ghz-" + scenario, Map.of())) {
      int denied = 0;
      for (JsonNode request : data) {
        CheckRequest.Builder check = CheckRequest.newBuilder();
        JsonFormat.parser().merge(request.toString(), check);
        CheckResponse response = tme.stub().check(check.build());
        denied += response.hasDeniedResponse() ? 1 : 0;
      }
      double share = (double) denied / data.size();
      assertTrue(
          share >= Double.parseDouble(row[2]) && share <= Double.parseDouble(row[3]),
          scenario + ": denied share " + share + " outside " + row[2] + ".." + row[3]);
      assertEquals(0, tme.stop());
    }
  }
}
