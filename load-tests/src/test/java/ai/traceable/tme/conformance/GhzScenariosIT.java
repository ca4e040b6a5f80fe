package ai.traceable.tme.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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

  @Test
  void rateLimitBurstIsMostlyDeniedWith429UnderItsRulesFile() throws Exception {
    String[] row =
        Files.readAllLines(GHZ.resolve("scenarios.tsv")).stream()
            .filter(l -> l.startsWith("rate-limit-burst\t"))
            .findFirst()
            .orElseThrow()
            .split("\t");
    JsonNode data = new ObjectMapper().readTree(GHZ.resolve(row[1]).toFile()).get("data");
    Path rules = Path.of(row[4]).toAbsolutePath();
    try (TmeProcess tme =
        TmeProcess.startReady("ghz-rate-limit-burst", Map.of("TME_RULES_FILE", rules.toString()))) {
      AuthorizationGrpc.AuthorizationFutureStub stub =
          AuthorizationGrpc.newFutureStub(tme.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
      int sent = 0;
      int denied = 0;
      // a burst far above 100 a second: ten rounds of 100 concurrent checks (tme refuses more
      // than tme.connection.max-in-flight on one connection, so no round exceeds it)
      for (int round = 0; round < 10; round++) {
        List<ListenableFuture<CheckResponse>> answers = new ArrayList<>();
        for (JsonNode request : data) {
          CheckRequest.Builder check = CheckRequest.newBuilder();
          JsonFormat.parser().merge(request.toString(), check);
          answers.add(stub.check(check.build()));
        }
        for (ListenableFuture<CheckResponse> answer : answers) {
          CheckResponse response = answer.get(30, TimeUnit.SECONDS);
          sent++;
          if (response.hasDeniedResponse()) {
            denied++;
            assertEquals(429, response.getDeniedResponse().getStatus().getCodeValue());
          }
        }
      }
      double share = (double) denied / sent;
      assertTrue(
          share >= Double.parseDouble(row[2]) && share <= Double.parseDouble(row[3]),
          "denied share " + share + " outside " + row[2] + ".." + row[3]);
      assertEquals(0, tme.stop());
    }
  }
}
