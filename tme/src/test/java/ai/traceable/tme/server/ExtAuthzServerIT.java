package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.FailSafeEngine;
import ai.traceable.tme.engine.OnError;
import ai.traceable.tme.engine.ReloadableEngine;
import ai.traceable.tme.rules.RulesLoader;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gRPC surface on a real port, driven by a grpc-java client (one channel per connection). */
class ExtAuthzServerIT {
  private static final String SQLMAP = "sqlmap/1.7.2#stable (https://sqlmap.org)";

  private static FailSafeEngine bundledRules(EngineMode mode) {
    return new FailSafeEngine(RulesLoader.loadBundled().engine(mode), OnError.ALLOW);
  }

  @Test
  void allowsCleanRequestsAndDeniesMatchingOnesWithConfiguredStatusAndBody() throws Exception {
    try (TmeFixture tme =
            TmeFixture.start(
                Map.of("tme.blocking.status-code", 451, "tme.blocking.message", "Nope"),
                bundledRules(EngineMode.BLOCK));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      CheckResponse allowed = client.check(Requests.get("/api/users?page=2"));
      assertEquals(0, allowed.getStatus().getCode());
      assertThat(allowed.hasOkResponse()).isTrue();

      CheckResponse denied =
          client.check(
              Requests.http(
                  "GET", "/api/users", Map.of("user-agent", SQLMAP), "198.51.100.7", null));
      assertEquals(Status.Code.PERMISSION_DENIED.value(), denied.getStatus().getCode());
      assertEquals(451, denied.getDeniedResponse().getStatus().getCodeValue());
      assertEquals("Nope", denied.getDeniedResponse().getBody());
      assertEquals(
          "tme-200-scanner-user-agent",
          denied.getDynamicMetadata().getFieldsOrThrow("tme.rule_ids").getStringValue());
    }
  }

  @Test
  void anEngineReplacedWhileServingAnswersTheNextCheck() throws Exception {
    ReloadableEngine rules = new ReloadableEngine(request -> Decision.Allow.clean());
    try (TmeFixture tme = TmeFixture.start(Map.of(), rules);
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      assertEquals(0, client.check(Requests.get("/a")).getStatus().getCode());

      rules.replace(bundledRules(EngineMode.BLOCK));

      CheckResponse denied = client.check(Requests.get("/.git/config"));
      assertEquals(Status.Code.PERMISSION_DENIED.value(), denied.getStatus().getCode());
    }
  }

  @Test
  void uncompressedChecksTakeTheFastPathAndNeverTheStreamingHandler() throws Exception {
    // Guards against a return of the per-call stream materialisation of the generated handler:
    // every ordinary unary Check must be decoded by the fast path.
    try (TmeFixture tme = TmeFixture.start(Map.of(), bundledRules(EngineMode.BLOCK));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      byte[] body = "{\"name\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (int i = 0; i < 50; i++) {
        client.check(Requests.http("POST", "/api/items/" + i, Map.of(), "10.1.2.3", body));
      }
      assertEquals(50, tme.server().fastPathCalls());
      assertEquals(0, tme.server().generatedHandlerCalls());
    }
  }

  @Test
  void gzipCompressedChecksAreDecodedByTheFastPath() throws Exception {
    try (TmeFixture tme = TmeFixture.start(Map.of(), bundledRules(EngineMode.BLOCK));
        CheckClient client = new CheckClient(tme.grpcAddress(), "gzip")) {
      CheckResponse denied = client.check(Requests.get("/.git/config"));
      CheckResponse allowed = client.check(Requests.get("/index.html"));
      assertEquals(Status.Code.PERMISSION_DENIED.value(), denied.getStatus().getCode());
      assertEquals(403, denied.getDeniedResponse().getStatus().getCodeValue());
      assertEquals(0, allowed.getStatus().getCode());
      assertEquals(2, tme.server().fastPathCalls());
      assertEquals(0, tme.server().generatedHandlerCalls());
      assertEquals(1, tme.server().connections().activeConnections());
    }
  }

  @Test
  void monitorModeAllowsWhatBlockModeWouldDenyAndSaysSo() throws Exception {
    try (TmeFixture tme =
            TmeFixture.start(
                Map.of("tme.engine.mode", "monitor"), bundledRules(EngineMode.MONITOR));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      CheckResponse response = client.check(Requests.get("/.env"));
      assertEquals(0, response.getStatus().getCode());
      assertEquals("x-tme-decision", response.getOkResponse().getHeaders(0).getHeader().getKey());
      assertEquals("monitor", response.getOkResponse().getHeaders(0).getHeader().getValue());
      assertEquals(
          "monitor",
          response.getDynamicMetadata().getFieldsOrThrow("tme.decision").getStringValue());
    }
  }

  @Test
  void engineErrorsFollowTheOnErrorPolicy() throws Exception {
    FailSafeEngine failing =
        new FailSafeEngine(
            request -> {
              throw new IllegalStateException("boom");
            },
            OnError.DENY);
    try (TmeFixture tme = TmeFixture.start(Map.of(), failing);
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      CheckResponse response = client.check(Requests.get("/"));
      assertEquals(Status.Code.PERMISSION_DENIED.value(), response.getStatus().getCode());
      assertEquals(
          "fail-closed",
          response.getDynamicMetadata().getFieldsOrThrow("tme.decision").getStringValue());
      assertEquals(1, failing.errorCount());
    }
  }

  @Test
  void separateConnectionsAreServedBySeparateActors() throws Exception {
    try (TmeFixture tme = TmeFixture.start(Map.of(), bundledRules(EngineMode.BLOCK))) {
      List<CheckClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          CheckClient client = new CheckClient(tme.grpcAddress());
          clients.add(client);
          client.check(Requests.get("/a"));
          client.check(Requests.get("/b"));
        }
        assertEquals(3, tme.server().connections().activeConnections());
        assertEquals(3, tme.server().connections().spawnedActors());
      } finally {
        for (CheckClient c : clients) {
          c.close();
        }
      }
    }
  }

  @Test
  void actorOfAnIdleConnectionStopsAndANewOneServesItsNextCheck() throws Exception {
    try (TmeFixture tme =
            TmeFixture.start(
                Map.of("tme.connection.idle-timeout", "300ms"), bundledRules(EngineMode.BLOCK));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      client.check(Requests.get("/first"));
      assertEquals(1, tme.server().connections().activeConnections());

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> tme.server().connections().activeConnections() == 0);

      assertEquals(0, client.check(Requests.get("/second")).getStatus().getCode());
      assertEquals(2, tme.server().connections().spawnedActors());
    }
  }

  @Test
  void concurrentStreamsOnOneConnectionAreEvaluatedInParallel() throws Exception {
    int streams = 4;
    ConcurrencyProbe probe = new ConcurrencyProbe(streams);
    try (TmeFixture tme = TmeFixture.start(Map.of("tme.engine.parallelism", streams), probe);
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      List<Future<CheckResponse>> replies = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        replies.add(client.checkAsync(Requests.get("/slow/" + i)));
      }
      for (Future<CheckResponse> reply : replies) {
        assertEquals(0, reply.get(30, TimeUnit.SECONDS).getStatus().getCode());
      }
      // every evaluation was waiting for the others: they ran at the same time
      assertEquals(streams, probe.maxConcurrent());
      assertEquals(1, tme.server().connections().spawnedActors());
    }
  }

  @Test
  void inFlightLimitRejectsExcessChecksWithResourceExhausted() throws Exception {
    ConcurrencyProbe probe = ConcurrencyProbe.gate();
    try (TmeFixture tme =
            TmeFixture.start(
                Map.of("tme.connection.max-in-flight", 2, "tme.engine.parallelism", 2), probe);
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      Future<CheckResponse> first = client.checkAsync(Requests.get("/1"));
      Future<CheckResponse> second = client.checkAsync(Requests.get("/2"));
      probe.awaitInside(2);
      StatusRuntimeException rejected =
          assertThrows(StatusRuntimeException.class, () -> client.check(Requests.get("/3")));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, rejected.getStatus().getCode());
      probe.release();
      assertEquals(0, first.get(30, TimeUnit.SECONDS).getStatus().getCode());
      assertEquals(0, second.get(30, TimeUnit.SECONDS).getStatus().getCode());
    }
  }

  @Test
  void shutdownLetsInFlightChecksFinish() throws Exception {
    ConcurrencyProbe probe = ConcurrencyProbe.gate();
    TmeFixture tme = TmeFixture.start(Map.of("tme.grpc.shutdown-grace", "20s"), probe);
    try (CheckClient client = new CheckClient(tme.grpcAddress())) {
      Future<CheckResponse> inFlight = client.checkAsync(Requests.get("/long"));
      probe.awaitInside(1);
      var stopped = tme.tme.stop().toCompletableFuture();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !ai.traceable.tme.management.ServingState.get(tme.tme.system()).isReady());
      assertThat(stopped).isNotDone();
      probe.release();
      assertEquals(0, inFlight.get(30, TimeUnit.SECONDS).getStatus().getCode());
      stopped.get(30, TimeUnit.SECONDS);
    }
  }

  /** Sanity: a probe that never saw concurrent calls reports 1, so the parallel test can fail. */
  @Test
  void concurrencyProbeCountsOverlappingEvaluationsOnly() {
    ConcurrencyProbe probe = new ConcurrencyProbe(1);
    probe.evaluate(Requests.view("/x"));
    probe.evaluate(Requests.view("/y"));
    assertEquals(1, probe.maxConcurrent());
    assertThat(probe.evaluate(Requests.view("/z"))).isInstanceOf(Decision.Allow.class);
  }
}
