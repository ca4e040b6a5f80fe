package ai.traceable.tme.engine.seclang.ftw;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.Tme;
import ai.traceable.tme.config.TmeConfig;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.FailSafeEngine;
import ai.traceable.tme.engine.OnError;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.engine.seclang.CrsFiles;
import ai.traceable.tme.engine.seclang.SecLangRuleEngine;
import ai.traceable.tme.engine.seclang.eval.SecLangEvaluator;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.seclang.SecLangLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The OWASP CRS regression suite through tme's real gRPC port, as Envoy sends it: each case becomes
 * a CheckRequest (message classes generated from Envoy's own ext_authz protos), tme runs CRS with
 * the CRS project's test engine configuration (paranoia level 4, DetectionOnly) in monitor mode,
 * and the rule ids come back in the response's {@code dynamic_metadata}. Cases are judged on their
 * expected and forbidden ids; {@code match_regex} checks need ModSecurity's log lines and are
 * judged in-process by {@link CrsRegressionTest}. Every case runs, and each verdict is compared
 * with the in-process one, in {@code target/seclang-ftw/port-report.txt}.
 */
class CrsRegressionPortIT {
  private static final MethodDescriptor<CheckRequest, CheckResponse> CHECK =
      MethodDescriptor.<CheckRequest, CheckResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("envoy.service.auth.v3.Authorization/Check")
          .setRequestMarshaller(ProtoUtils.marshaller(CheckRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(CheckResponse.getDefaultInstance()))
          .build();

  @Test
  void runsTheCrsRegressionSuiteThroughTheGrpcPort() throws Exception {
    Path crs = CrsFiles.dir();
    List<Path> files = new ArrayList<>();
    files.add(resource("/seclang/crs-regression-setup.conf"));
    files.addAll(CrsFiles.setupAndRules());
    var crsRules = SecLangLoader.standard().load(files);
    FtwRunner inProcess = new FtwRunner(new SecLangEvaluator(crsRules));
    RuleSet tme =
        RulesLoader.parse(
            "detection: { enabled: false }\n".getBytes(StandardCharsets.UTF_8), "ftw.yaml");
    var engine =
        tme.engine(
            EngineMode.MONITOR, 0, PolicyState.local(), List.of(new SecLangRuleEngine(crsRules)));
    Config config = config();
    TmeSettings settings = TmeSettings.fromConfig(config);
    Tme server =
        Tme.start(config, settings, new FailSafeEngine(engine, OnError.ALLOW))
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    InetSocketAddress address = server.server().binding().localAddress();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", address.getPort())
            .usePlaintext()
            .maxInboundMessageSize(32 << 20)
            .build();
    Map<FtwRunner.Verdict, Integer> counts = new EnumMap<>(FtwRunner.Verdict.class);
    StringBuilder report = new StringBuilder();
    int differ = 0;
    int total = 0;
    long start = System.nanoTime();
    try {
      for (FtwCase c : FtwSuite.read(crs.resolve("tests/regression/tests"))) {
        total++;
        FtwRunner.Result viaPort = throughPort(c, channel);
        FtwRunner.Result local = inProcess.run(c);
        counts.merge(viaPort.verdict(), 1, Integer::sum);
        boolean same =
            viaPort.verdict() == local.verdict()
                || local.verdict() == FtwRunner.Verdict.NOT_EXPRESSIBLE;
        differ += same ? 0 : 1;
        report
            .append(viaPort.verdict())
            .append(same ? "" : " (in-process " + local.verdict() + ")")
            .append(' ')
            .append(c.name())
            .append(viaPort.reason().isEmpty() ? "" : ": " + viaPort.reason())
            .append('\n');
      }
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      server.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    int pass = counts.getOrDefault(FtwRunner.Verdict.PASS, 0);
    int fail = counts.getOrDefault(FtwRunner.Verdict.FAIL, 0);
    String summary =
        String.format(
            "CRS regression through the gRPC port: %d cases, %d passed, %d failed, %d not"
                + " expressible (%.1f%% of the expressible cases pass), %d verdicts differ from"
                + " in-process, in %d ms%n",
            total,
            pass,
            fail,
            counts.getOrDefault(FtwRunner.Verdict.NOT_EXPRESSIBLE, 0),
            100.0 * pass / Math.max(1, pass + fail),
            differ,
            ms);
    Path out = Path.of("target/seclang-ftw");
    Files.createDirectories(out);
    Files.writeString(out.resolve("port-report.txt"), summary + report);
    System.out.print(summary);
    assertThat(total).isGreaterThan(4900);
    assertThat(pass).isGreaterThanOrEqualTo(FLOOR);
  }

  /** Cases that passed through the port when this floor was set; a drop is a regression. */
  private static final int FLOOR = 4875;

  private static FtwRunner.Result throughPort(FtwCase c, ManagedChannel channel) {
    FtwRunner.Result unexpressible = FtwRunner.notExpressible(c);
    if (unexpressible != null) {
      return unexpressible;
    }
    FtwRequest.Built built = FtwRequest.build(c.input());
    if (built instanceof FtwRequest.NotExpressible ne) {
      return new FtwRunner.Result(c, FtwRunner.Verdict.NOT_EXPRESSIBLE, ne.reason());
    }
    CheckRequest check = CheckRequestOf.of(((FtwRequest.Ok) built).request());
    if (check == null) {
      return new FtwRunner.Result(
          c,
          FtwRunner.Verdict.NOT_EXPRESSIBLE,
          "bytes that are not UTF-8 in the target or a header, which a CheckRequest carries as"
              + " UTF-8 text");
    }
    CheckResponse response =
        ClientCalls.blockingUnaryCall(
            channel, CHECK, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), check);
    Set<Long> logged = new HashSet<>();
    var ids = response.getDynamicMetadata().getFieldsMap().get("tme.rule_ids");
    if (ids != null && !ids.getStringValue().isEmpty()) {
      for (String id : ids.getStringValue().split(",")) {
        logged.add(Long.parseLong(id.substring("seclang-".length())));
      }
    }
    return FtwRunner.judge(c, logged, null);
  }

  private static Config config() {
    Map<String, Object> values =
        Map.of(
            "tme.grpc.port",
            0,
            "tme.grpc.max-request-bytes",
            "32 MiB",
            "tme.management.interface",
            "127.0.0.1",
            "tme.management.port",
            freePort(),
            "tme.grpc.unready-delay",
            "0s",
            "tme.capture.enabled",
            false,
            "tme.log.denials-per-second",
            0,
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook",
            "off");
    return TmeConfig.load(ConfigFactory.parseMap(values));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(CrsRegressionPortIT.class.getResource(name)).toURI());
  }
}
