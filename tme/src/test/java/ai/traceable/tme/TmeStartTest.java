package ai.traceable.tme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.config.TmeConfig;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.tls.TestPki;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmeStartTest {
  @TempDir Path dir;

  @Test
  void failsNamingTheFileAndTerminatesTheSystemWhenCaptureTlsFilesGoAfterValidation()
      throws Exception {
    Path caFile = TestPki.authority("agent-ca").writeCertificate(dir.resolve("ca.crt"));
    Config config =
        TmeConfig.load(
            ConfigFactory.parseMap(
                Map.of(
                    "tme.capture.enabled",
                    true,
                    // never contacted: start-up fails before anything is exported
                    "tme.capture.endpoint",
                    "https://127.0.0.1:9/v1/traces",
                    "tme.capture.tls.ca-file",
                    caFile.toString(),
                    "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook",
                    "off")));
    TmeSettings settings = TmeSettings.fromConfig(config);
    Files.delete(caFile);
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(), "tme-start-test", Tme.runtimeConfig(config, settings));

    CompletionStage<Tme> started =
        Tme.start(system, settings, RulesLoader.loadBundled().engine(EngineMode.BLOCK));

    assertThatThrownBy(() -> started.toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tme.capture.tls")
        .hasMessageContaining(caFile.toString());
    assertThat(system.getWhenTerminated().toCompletableFuture())
        .succeedsWithin(Duration.ofSeconds(10));
  }
}
