package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenarioTest {

  @Test
  void benignRequestsLookLikeABrowserGetOfAbout1200Bytes() {
    RequestPool pool = Scenario.BENIGN.pool();
    long bytes = 0;
    for (int i = 0; i < pool.size(); i++) {
      bytes += pool.get(i).getSerializedSize();
    }
    long average = bytes / pool.size();

    assertTrue(average >= 1000 && average <= 1500, "average size " + average);
    AttributeContext.HttpRequest http = pool.get(0).getAttributes().getRequest().getHttp();
    assertEquals("GET", http.getMethod());
    assertTrue(http.getHeadersCount() >= 15, "headers: " + http.getHeadersCount());
    for (String header :
        new String[] {
          ":authority",
          ":path",
          ":method",
          "cookie",
          "user-agent",
          "x-request-id",
          "x-forwarded-for",
          "traceparent"
        }) {
      assertTrue(http.containsHeaders(header), header);
    }
    assertEquals(http.getPath(), http.getHeadersOrThrow(":path"));
    assertEquals(0, pool.attackCount());
  }

  @Test
  void attackMixHasFivePercentAttacksOfEveryKind() {
    RequestPool pool = Scenario.ATTACK_MIX.pool();
    Set<String> shapes = new HashSet<>();
    for (int i = 0; i < pool.size(); i++) {
      if (pool.isAttack(i)) {
        AttributeContext.HttpRequest http = pool.get(i).getAttributes().getRequest().getHttp();
        shapes.add(
            http.getMethod() + " " + http.getPath() + " " + http.getHeadersOrThrow("user-agent"));
      }
    }

    assertEquals(pool.size() / 20, pool.attackCount());
    assertEquals(BrowserRequests.attackKinds(), shapes.size(), () -> "shapes: " + shapes);
  }

  @Test
  void buildsTheSamePoolEveryTime() {
    assertEquals(Scenario.ATTACK_MIX.pool().get(17), Scenario.ATTACK_MIX.pool().get(17));
  }

  @Test
  void variesRequestIdsAcrossThePool() {
    RequestPool pool = Scenario.BENIGN.pool();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < pool.size(); i++) {
      CheckRequest request = pool.get(i);
      ids.add(request.getAttributes().getRequest().getHttp().getHeadersOrThrow("x-request-id"));
    }
    assertEquals(pool.size(), ids.size());
  }

  @Test
  void cyclesThroughThePool() {
    RequestPool pool = Scenario.BENIGN.pool();
    CheckRequest first = pool.next();
    for (int i = 1; i < pool.size(); i++) {
      pool.next();
    }
    assertEquals(first, pool.next());
  }

  @Test
  void findsScenariosByCommandLineName() {
    assertEquals(Scenario.ATTACK_MIX, Scenario.byName("attack-mix"));
    assertEquals(Scenario.BENIGN, Scenario.byName("BENIGN"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scenario.byName("ddos"));
    assertTrue(e.getMessage().contains("attack-mix"), e.getMessage());
  }

  @Test
  void apiJsonPostsCarryAJsonBodyABearerTokenAndAnApiKey() throws Exception {
    RequestPool pool = Scenario.API_JSON.pool();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (int i = 0; i < pool.size(); i += 97) {
      AttributeContext.HttpRequest http = pool.get(i).getAttributes().getRequest().getHttp();
      assertEquals("POST", http.getMethod());
      assertEquals("application/json", http.getHeadersOrThrow("content-type"));
      assertTrue(http.getHeadersOrThrow("authorization").startsWith("Bearer "));
      assertTrue(json.readTree(http.getBody()).get("items").isArray(), http.getBody());
      assertTrue(http.getBody().length() > 300, "body " + http.getBody().length());
    }
    assertEquals(0, pool.attackCount());
  }

  @Test
  void rateLimitBurstComesFromOneClientToOneEndpoint() {
    RequestPool pool = Scenario.RATE_LIMIT_BURST.pool();
    Set<String> clients = new HashSet<>();
    Set<String> targets = new HashSet<>();
    for (int i = 0; i < pool.size(); i++) {
      CheckRequest r = pool.get(i);
      clients.add(r.getAttributes().getSource().getAddress().getSocketAddress().getAddress());
      AttributeContext.HttpRequest http = r.getAttributes().getRequest().getHttp();
      targets.add(
          http.getMethod() + " " + http.getPath() + " " + http.getHeadersOrThrow("x-api-key"));
    }

    assertEquals(Set.of(ApiRequests.BURST_CLIENT), clients);
    assertEquals(Set.of("POST /api/v1/login " + ApiRequests.BURST_API_KEY), targets);
  }

  @Test
  void everyScenarioStatesWhatDecisionsToExpect() {
    for (Scenario s : Scenario.values()) {
      assertTrue(!s.expectation().isBlank(), s.cliName());
      assertEquals(s, Scenario.byName(s.cliName()));
    }
  }
}
