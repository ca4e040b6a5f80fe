package ai.traceable.tme;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package layout as rules on the compiled main classes, so that "the engine is plain Java with
 * no I/O" and "detect reads the request model, never the reverse" are facts the build checks.
 *
 * <p>Cycles are checked level by level: among the top-level packages ({@code engine}, {@code
 * rules}, {@code server}, ...), among the subpackages of {@code engine}, of {@code engine.policy}
 * and of {@code engine.detect}. A package may use its own subpackages (the spine {@code
 * StagedEngine} composes the stages), but no two siblings may depend on each other.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("ai.traceable.tme");

  @Test
  void theRequestModelDoesNotDependOnDetection() {
    noClasses()
        .that()
        .resideInAPackage("ai.traceable.tme.engine.inspect..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.traceable.tme.engine.detect..")
        .check(MAIN);
  }

  @Test
  void theEngineIsPlainJavaWithoutTransportStorageOrIo() {
    noClasses()
        .that()
        .resideInAPackage("ai.traceable.tme.engine..")
        // the SecLang loader reads rule and data files while rules load, never on the check path
        .and()
        .resideOutsideOfPackage("ai.traceable.tme.engine.seclang.parse..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.pekko..",
            "scala..",
            "io.grpc..",
            "io.netty..",
            "com.google.protobuf..",
            "io.envoyproxy..",
            "io.lettuce..",
            "redis..",
            "io.github.bucket4j.redis..",
            "io.github.bucket4j.distributed..",
            "java.nio.file..",
            "java.nio.channels..",
            "java.net.http..",
            "ai.traceable.tme.server..",
            "ai.traceable.tme.capture..",
            "ai.traceable.tme.sharedlimits..",
            "ai.traceable.tme.management..",
            "ai.traceable.tme.rules..",
            "ai.traceable.tme.cli..")
        .check(MAIN);
  }

  @Test
  void topLevelPackagesAreFreeOfCycles() {
    slices().matching("ai.traceable.tme.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void engineSubpackagesAreFreeOfCycles() {
    slices().matching("ai.traceable.tme.engine.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void policySubpackagesAreFreeOfCycles() {
    slices().matching("ai.traceable.tme.engine.policy.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void detectorPackagesAreFreeOfCycles() {
    slices().matching("ai.traceable.tme.engine.detect.(*)..").should().beFreeOfCycles().check(MAIN);
  }
}
