package ai.traceable.tme.engine.detect.ldap;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class LdapDetectorTest extends DetectorTableTest {
  private static final LdapDetector DETECTOR = new LdapDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "user", "*)(uid=*))(|(uid=*", "ldap-100"),
        a(Placement.FORM, "username", "admin)(%26)", "ldap-100"),
        a(Placement.QUERY, "cn", "admin*)((|userPassword=*)", "ldap-100"),
        a(Placement.QUERY, "uid", "admin)(!(%26(1=0", "ldap-100"),
        a(Placement.JSON, "q", "x) (|(cn=*", "ldap-100"),
        a(Placement.QUERY, "user", "*)(userAccountControl:1.2.840.113556.1.4.803:=2", "ldap-100"),
        a(Placement.QUERY, "dept", "sales)(telephoneNumber>=0", "ldap-100"),
        a(Placement.HEADER, "x-remote-user", "jdoe)(cn~=adm", "ldap-100"),
        a(Placement.QUERY, "user", "\\2a)(uid=\\2a", "ldap-100"),
        a(Placement.QUERY, "user", "\\2a\\29\\28uid=\\2a", "ldap-100"),
        a(Placement.QUERY_NAME, "", "*)(uid=*", "ldap-100"),
        a(Placement.QUERY, "q", "*()|%26'", "ldap-110"),
        a(Placement.QUERY, "q", "*)(|(*", "ldap-110"),
        a(Placement.QUERY, "filter", "objectClass=*", "ldap-120"),
        a(Placement.FORM, "f", "(userPassword=*)", "ldap-120"),
        a(Placement.QUERY, "user", "*))%00", "ldap-130"),
        a(Placement.QUERY, "user", "admin%29%00", "ldap-130"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.QUERY, "q", "smith*"),
        b(Placement.QUERY, "q", "*"),
        b(Placement.FORM, "company", "Acme (Europe) Ltd"),
        b(Placement.QUERY, "$filter", "status eq 'active' and (age gt 30)"),
        b(Placement.QUERY, "q", "(java OR kotlin) AND remote"),
        b(Placement.JSON, "text", "(*_*) that was close"),
        b(Placement.JSON, "dn", "cn=Alice Smith,ou=People,dc=example,dc=com"),
        b(Placement.QUERY, "filter", "name:(foo|bar)"),
        b(Placement.FORM, "phone", "(555) 123-4567"),
        b(Placement.JSON, "clause", "(a) the Licensee; (b) the Licensor; (c) any affiliate"),
        b(Placement.QUERY, "q", "mail=*@example.com"),
        b(Placement.JSON, "expression", "(country == 'DE') && (total > 100)"),
        b(Placement.JSON, "formula", "=SUM(A1:A9)*(1+B2)"),
        b(Placement.QUERY, "q", "objectClass attribute meaning"),
        b(Placement.JSON, "note", "see (1)(2) and (3)"),
        b(Placement.QUERY, "path", "C:\\20 reports\\2024"),
        b(Placement.JSON, "smiley", "(^_^)(>_<)"));
  }
}
