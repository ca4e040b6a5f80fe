package ai.traceable.tme.engine.detect.ssrf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostAddressTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # host                | canonical        | internal | loopback | obfuscated
          127.0.0.1             | 127.0.0.1        | true     | true     | false
          2130706433            | 127.0.0.1        | true     | true     | true
          0177.0.0.1            | 127.0.0.1        | true     | true     | true
          0x7f000001            | 127.0.0.1        | true     | true     | true
          0x7f.0.0.1            | 127.0.0.1        | true     | true     | true
          127.1                 | 127.0.0.1        | true     | true     | true
          127.0.1               | 127.0.0.1        | true     | true     | true
          0                     | 0.0.0.0          | true     | true     | true
          0x                    | 0.0.0.0          | true     | true     | true
          0.0.0.0               | 0.0.0.0          | true     | true     | false
          10.0.0.5              | 10.0.0.5         | true     | false    | false
          10.1.256              | 10.1.1.0         | true     | false    | true
          172.16.0.1            | 172.16.0.1       | true     | false    | false
          172.31.255.255        | 172.31.255.255   | true     | false    | false
          172.32.0.1            | 172.32.0.1       | false    | false    | false
          192.168.1.1           | 192.168.1.1      | true     | false    | false
          169.254.169.254       | 169.254.169.254  | true     | false    | false
          100.64.0.1            | 100.64.0.1       | true     | false    | false
          100.128.0.1           | 100.128.0.1      | false    | false    | false
          8.8.8.8               | 8.8.8.8          | false    | false    | false
          134744072             | 8.8.8.8          | false    | false    | true
          ::1                   | ::1              | true     | true     | false
          ::                    | ::               | true     | true     | false
          ::ffff:127.0.0.1      | 127.0.0.1        | true     | true     | true
          ::ffff:a9fe:a9fe      | 169.254.169.254  | true     | false    | true
          fe80::1               | fe80::1          | true     | false    | false
          fd00:ec2::254         | fd00:ec2::254    | true     | false    | false
          2606:4700::1111       | 2606:4700::1111  | false    | false    | false
          """)
  void readsAddressesInEveryNotationResolversAccept(
      String host, String canonical, boolean internal, boolean loopback, boolean obfuscated) {
    assertThat(HostAddress.parse(host))
        .isEqualTo(new HostAddress(canonical, internal, loopback, obfuscated));
  }

  @ParameterizedTest(name = "{0} is a name")
  @ValueSource(
      strings = {
        "",
        "example.com",
        "localhost",
        "256.1.1.1",
        "1.2.3.4.5",
        "1..2",
        "1.2.3.",
        "4294967296",
        "-1",
        "0x-5",
        "09.1.1.1",
        "1.16777216",
        "1.2.65536",
        "gopher:x",
        "1e3"
      })
  void namesAndBrokenNumbersAreNoAddress(String host) {
    assertThat(HostAddress.parse(host)).isNull();
  }
}
