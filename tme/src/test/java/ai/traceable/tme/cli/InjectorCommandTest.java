package ai.traceable.tme.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InjectorCommandTest {

  @Test
  void refusesArgumentsWithExitCode2() {
    assertThat(InjectorCommand.run(new String[] {"--port", "9443"})).isEqualTo(2);
  }

  @Test
  void exitsWith2BeforeBindingWhenTheTemplateFileIsMissing() {
    // the defaults point at the chart's mount paths, which do not exist outside a pod
    assertThat(Files.exists(Path.of("/etc/tme-injector/template/sidecar.yaml"))).isFalse();

    assertThat(InjectorCommand.run(new String[0])).isEqualTo(2);
  }
}
