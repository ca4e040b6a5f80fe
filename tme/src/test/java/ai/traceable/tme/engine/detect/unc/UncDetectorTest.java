package ai.traceable.tme.engine.detect.unc;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class UncDetectorTest extends DetectorTableTest {
  private static final UncDetector DETECTOR = new UncDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "file", "\\\\evil.example\\share\\x.php", "unc-100"),
        a(Placement.JSON, "path", "\\\\10.0.0.5\\c$\\windows\\win.ini", "unc-100"),
        a(Placement.QUERY, "f", "\\\\?\\C:\\Windows\\win.ini", "unc-100"),
        a(Placement.FORM, "doc", "\\\\.\\GLOBALROOT\\Device\\x", "unc-100"),
        a(Placement.QUERY, "src", "\\\\localhost\\c$\\boot.ini", "unc-100"),
        a(Placement.QUERY, "src", "\\\\intranet\\admin$\\system32", "unc-100"),
        a(Placement.FORM, "backup_dir", "\\/evil.example\\loot", "unc-100"),
        a(Placement.JSON, "logo", "\\\\evil.example@SSL\\DavWWWRoot\\x.hta", "unc-100"),
        a(Placement.FORM, "c", "see the file at \\\\evil.example\\s\\i.php", "unc-100"),
        a(Placement.QUERY_NAME, "", "\\\\evil.example\\share\\f", "unc-100"),
        a(Placement.QUERY, "path", "file://evil.example/share/evil.ini", "unc-110"),
        a(Placement.QUERY, "path", "file:////198.51.100.7/pub/x.txt", "unc-110"),
        a(Placement.JSON, "source", "//evil.example/share/import.xml", "unc-120"),
        a(Placement.QUERY, "x", "prefix C:\\x\\c$\\y", "unc-130"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON, "pattern", "^\\\\d{3}-\\\\d{4}$"),
        b(Placement.JSON, "latex", "x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a} \\\\ y = 2"),
        b(Placement.JSON, "cdn", "//cdn.example.com/assets/"),
        b(Placement.JSON, "text", "¯\\\\_(ツ)_/¯ no idea"),
        b(Placement.FORM, "username", "CORP\\alice"),
        b(Placement.JSON, "escape", "\\\\"),
        b(Placement.JSON, "trail", "Home \\\\ Settings \\\\ Privacy"),
        b(Placement.JSON, "homeDrive", "\\\\fileserver01\\home$\\lodegard"),
        b(Placement.JSON, "md", "Use `\\\\` to write a literal backslash"),
        b(Placement.QUERY, "path", "file:///etc/hosts.example"),
        b(Placement.FORM, "source", "s3://acme-exports/2024/05/orders.csv"),
        b(Placement.JSON, "localPath", "C:\\Users\\alice\\Documents\\report.docx"));
  }
}
