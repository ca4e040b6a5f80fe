package ai.traceable.tme.conformance;

import static ai.traceable.tme.conformance.CheckAssertions.assertAllowed;
import static ai.traceable.tme.conformance.CheckAssertions.assertDenied;
import static ai.traceable.tme.conformance.CheckAssertions.metadata;
import static ai.traceable.tme.conformance.CheckAssertions.okHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.traceable.tme.load.EnvoyRequests;
import ai.traceable.tme.load.RequestPool;
import ai.traceable.tme.load.Scenario;
import com.google.common.util.concurrent.ListenableFuture;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** tme on its defaults (bundled rules, block mode, 403 "Access Forbidden"). */
class DefaultRulesIT {
  private static final String FORBIDDEN = "Access Forbidden";
  private static TmeProcess tme;

  @BeforeAll
  static void startTme() {
    tme = TmeProcess.startReady("default-rules", Map.of());
  }

  @AfterAll
  static void stopTme() throws InterruptedException {
    if (tme != null) {
      assertEquals(0, tme.stop(), "exit status after SIGTERM");
    }
  }

  @Test
  void allowsBenignBrowserGet() {
    CheckResponse response =
        tme.stub()
            .check(
                EnvoyRequests.get("/products/42?color=blue")
                    .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
                    .header("accept", "text/html")
                    .build());

    assertAllowed(response);
    assertTrue(okHeader(response, "x-tme-decision").isEmpty(), "no monitor marker");
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        Arguments.of("git config", EnvoyRequests.get("/.git/config"), "tme-110-dotfile-secrets"),
        Arguments.of("env file, query", EnvoyRequests.get("/.env?x=1"), "tme-110-dotfile-secrets"),
        Arguments.of("sql dump", EnvoyRequests.get("/db/backup.sql"), "tme-120-backup-files"),
        Arguments.of("TRACE", EnvoyRequests.request("TRACE", "/"), "tme-100-trace-method"),
        Arguments.of(
            "sqlmap",
            EnvoyRequests.get("/search?q=1").header("user-agent", "sqlmap/1.7"),
            "tme-200-scanner-user-agent"),
        Arguments.of(
            "scanner header",
            EnvoyRequests.get("/").header("x-scanner", "yes"),
            "tme-210-scanner-header"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void deniesRequestMatchingBundledRuleWith403AndNoRuleDetailsInBody(
      String name, EnvoyRequests.Builder request, String ruleId) {
    CheckResponse response = tme.stub().check(request.build());

    assertDenied(response, 403, FORBIDDEN);
    assertEquals("deny", metadata(response, "tme.decision").orElseThrow());
    assertTrue(metadata(response, "tme.rule_ids").orElseThrow().contains(ruleId), ruleId);
  }

  @Test
  void inspectsHeadersSentAsRawHeaderMap() {
    CheckRequest request =
        EnvoyRequests.get("/").header("user-agent", "sqlmap/1.7").rawHeaderMap(true).build();

    assertDenied(tme.stub().check(request), 403, FORBIDDEN);
  }

  @Test
  void answersCheckWith64KibRawBody() {
    byte[] body = new byte[64 * 1024];
    Arrays.fill(body, (byte) 'a');

    assertAllowed(tme.stub().check(EnvoyRequests.request("POST", "/upload").rawBody(body).build()));
  }

  @Test
  void answersCheckWith64KibStringBody() {
    String body = "{\"k\":\"" + "b".repeat(64 * 1024) + "\"}";

    assertAllowed(tme.stub().check(EnvoyRequests.request("POST", "/api").body(body).build()));
  }

  @Test
  void deniesAttackCarryingA64KibBody() {
    CheckRequest request =
        EnvoyRequests.request("POST", "/.git/config")
            .rawBody("x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8))
            .build();

    assertDenied(tme.stub().check(request), 403, FORBIDDEN);
  }

  @Test
  void evaluatesGzipCompressedChecks() {
    AuthorizationGrpc.AuthorizationBlockingStub gzip = tme.stub().withCompression("gzip");

    assertAllowed(gzip.check(EnvoyRequests.get("/products").build()));
    assertDenied(gzip.check(EnvoyRequests.get("/.git/config").build()), 403, FORBIDDEN);
  }

  @Test
  void answersUnknownMethodWithUnimplementedAndKeepsServing() {
    MethodDescriptor<CheckRequest, CheckResponse> nope =
        AuthorizationGrpc.getCheckMethod().toBuilder()
            .setFullMethodName("envoy.service.auth.v3.Authorization/Nope")
            .setRequestMarshaller(ProtoUtils.marshaller(CheckRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(CheckResponse.getDefaultInstance()))
            .build();
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);

    StatusRuntimeException error =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(
                    tme.channel(), nope, options, EnvoyRequests.get("/").build()));

    assertEquals(Status.Code.UNIMPLEMENTED, error.getStatus().getCode());
    assertAllowed(tme.stub().check(EnvoyRequests.get("/after-unimplemented").build()));
  }

  @Test
  void answersEachOfManyConcurrentChecksOnOneConnectionWithItsOwnDecision() throws Exception {
    AuthorizationGrpc.AuthorizationFutureStub stub =
        AuthorizationGrpc.newFutureStub(tme.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    List<ListenableFuture<CheckResponse>> answers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String path = i % 3 == 0 ? "/.env?i=" + i : "/items/" + i;
      answers.add(stub.check(EnvoyRequests.get(path).id(Integer.toString(i)).build()));
    }

    for (int i = 0; i < answers.size(); i++) {
      CheckResponse response = answers.get(i).get(30, TimeUnit.SECONDS);
      if (i % 3 == 0) {
        assertDenied(response, 403, FORBIDDEN);
      } else {
        assertAllowed(response);
      }
    }
  }

  @Test
  void deniesEveryAttackOfTheLoadScenarioAndAllowsEveryBenignRequest() throws Exception {
    RequestPool pool = Scenario.ATTACK_MIX.pool();
    AuthorizationGrpc.AuthorizationFutureStub stub =
        AuthorizationGrpc.newFutureStub(tme.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    // in batches well below tme.connection.max-in-flight (512): beyond it tme sheds load
    int batch = 128;
    for (int from = 0; from < pool.size(); from += batch) {
      List<ListenableFuture<CheckResponse>> answers = new ArrayList<>();
      int to = Math.min(pool.size(), from + batch);
      for (int i = from; i < to; i++) {
        answers.add(stub.check(pool.get(i)));
      }
      for (int i = from; i < to; i++) {
        CheckResponse response = answers.get(i - from).get(30, TimeUnit.SECONDS);
        int expected = pool.isAttack(i) ? CheckAssertions.PERMISSION_DENIED : CheckAssertions.OK;
        assertEquals(expected, response.getStatus().getCode(), "request " + i + ": " + pool.get(i));
      }
    }
  }

  @Test
  void reportsAliveAndReadyWhileServing() {
    assertEquals(200, tme.managementStatus("/alive"));
    assertEquals(200, tme.managementStatus("/ready"));
  }
}
