package ai.traceable.tme.conformance;

import static ai.traceable.tme.conformance.CheckAssertions.assertAllowed;
import static ai.traceable.tme.conformance.CheckAssertions.assertDenied;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.traceable.tme.load.EnvoyRequests;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running tme whose rules file is mounted from a ConfigMap (TME_RULES_FILE through the volume's
 * symlinks) follows the kubelet's update of the volume, and keeps its rules through a broken one.
 */
class RulesConfigMapIT {
  @TempDir Path dir;

  private static String blocking(String version, String prefix) {
    return "version: "
        + version
        + "\nrules: [{id: mounted-rule, when: {path: {prefix: "
        + prefix
        + "}}}]\n";
  }

  private static CheckResponse get(TmeProcess tme, String path) {
    return tme.stub().check(EnvoyRequests.get(path).build());
  }

  @Test
  void aConfigMapUpdateReachesTheRunningProcessAndABrokenOneDoesNot() throws Exception {
    ConfigMapVolume volume = new ConfigMapVolume(dir, "rules.yaml", blocking("cm-1", "/aaaa"));
    try (TmeProcess tme =
        TmeProcess.startReady(
            "rules-configmap",
            Map.of(
                "TME_RULES_FILE",
                volume.file().toString(),
                "TME_RULES_RELOAD_INTERVAL",
                "100ms"))) {
      assertDenied(get(tme, "/aaaa/x"), 403, "Access Forbidden");
      assertAllowed(get(tme, "/bbbb/x"));

      volume.update(blocking("cm-2", "/bbbb"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> tme.managementBody("/metrics").contains("tme_rules_info{version=\"cm-2\"}"));
      assertDenied(get(tme, "/bbbb/x"), 403, "Access Forbidden");
      assertAllowed(get(tme, "/aaaa/x"));

      volume.update("rules: [ {id: broken");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  tme.managementBody("/metrics")
                      .contains("tme_rules_reloads_total{result=\"failure\"} 1.0"));
      assertDenied(get(tme, "/bbbb/x"), 403, "Access Forbidden");
      assertAllowed(get(tme, "/aaaa/x"));
      assertEquals(0, tme.stop(), "exit status after SIGTERM");
    }
  }
}
