package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link IpMatch}: @ipMatch and @ipMatchFromFile. */
class IpMatchTest {

  @ParameterizedTest(name = "{1} @ipMatch {0} = {2}")
  @CsvSource(
      delimiterString = " ~> ",
      value = {
        "192.168.1.100,10.10.50.0/24 ~> 192.168.1.100 ~> true",
        "192.168.1.100,10.10.50.0/24 ~> 10.10.50.77 ~> true",
        "192.168.1.100,10.10.50.0/24 ~> 10.10.51.1 ~> false",
        "192.168.1.100, 10.0.0.0/8 ~> 10.255.0.1 ~> true",
        "2001:db8::/32 ~> 2001:db8:1::5 ~> true",
        "2001:db8::/32 ~> 2001:db9::5 ~> false",
        "10.0.0.0/8 ~> ::ffff:10.0.0.1 ~> false",
        "10.0.0.0/8 ~> not-an-ip ~> false",
        "10.0.0.0/8 ~> '' ~> false",
      })
  void matchesAddressesInsideTheBlocks(String list, String value, boolean expected) {
    assertThat(TestContext.run("ipMatch", list, value)).isEqualTo(expected);
  }

  @Test
  void readsBlocksFromAFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("ips.txt"), "# office\n192.0.2.0/24\n\n2001:db8::1\n");
    Operator op = Operators.create("ipMatchFromFile", "ips.txt", FileResources.in(dir));
    assertThat(op.matches("192.0.2.9", null)).isTrue();
    assertThat(op.matches("2001:db8::1", null)).isTrue();
    assertThat(op.matches("198.51.100.1", null)).isFalse();
    assertThat(
            Operators.create("ipMatchF", "ips.txt", FileResources.in(dir))
                .matches("192.0.2.1", null))
        .isTrue();
  }

  @Test
  void rejectsEntriesThatAreNotAddresses() {
    assertThatThrownBy(() -> Operators.create("ipMatch", "10.0.0.0/8,bogus", n -> null))
        .hasMessage("@ipMatch: not an IP address or CIDR block: bogus");
  }
}
