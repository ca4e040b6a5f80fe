package ai.traceable.tme.engine.detect.upload;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorHarness;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class UploadDetectorTest extends DetectorTableTest {
  private static final UploadDetector DETECTOR = new UploadDetector();
  private static final Placement F = Placement.FILE_NAME;

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(F, "shell.php", "upload-100"),
        a(F, "x.pHp5", "upload-100"),
        a(F, "readme.phtml", "upload-100"),
        a(F, "pack.phar", "upload-100"),
        a(F, "avatar.jsp", "upload-100"),
        a(F, "upload.aspx", "upload-100"),
        a(F, "index.shtml", "upload-100"),
        a(F, "evil.php.", "upload-100"),
        a(F, "evil.php ", "upload-100"),
        a(F, "shell.php::$DATA", "upload-100"),
        a(F, "image.jpg.php", "upload-100"),
        a(F, "shell.php.jpg", "upload-110"),
        a(F, "avatar.jsp;.png", "upload-110"),
        a(F, "cmd.asp;jpg", "upload-110"),
        a(F, ".htaccess", "upload-120"),
        a(F, ".user.ini", "upload-120"),
        a(F, "Web.config", "upload-120"),
        a(F, "shell.asp\u0000.jpg", "upload-130"),
        a(F, "avatar.png%00.txt", "upload-130"),
        a(F, "../../../../var/www/html/x.png", "upload-140"),
        a(F, "..\\..\\inetpub\\wwwroot\\a.txt", "upload-140"),
        a(F, "..%2f..%2fetc%2fcron.d%2fx", "upload-140"),
        a(F, "\\\\198.51.100.77\\up\\x.jpg", "upload-140"),
        a(F, "update.cmd", "upload-150"),
        a(F, "invoice.pdf.bat", "upload-150"),
        a(F, "setup.ps1", "upload-150"),
        a(F, "report.vbs", "upload-150"),
        w(F, "installer.exe", "upload-160"),
        w(F, "backup.sh", "upload-160"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(F, "CV.J.Smith.2024.pdf"),
        b(F, "my.resume.v2.docx"),
        b(F, "minutes.2024-05.v3.odt"),
        b(F, "package-lock.json"),
        b(F, "june.html"),
        b(F, "photo.jpg"),
        b(F, "C:\\Users\\anna\\Pictures\\holiday.png"),
        b(F, "php-cheatsheet.pdf"),
        b(F, "aspect.ratio.png"),
        b(F, "installer.exe"),
        b(F, "backup.sh"),
        b(F, "..."),
        b(F, "notes..txt"),
        // a value elsewhere that merely looks like a file name is not an upload
        b(Placement.QUERY, "shell.php"),
        b(Placement.JSON, "../x.php"));
  }

  @Test
  void executablesCountOnlyFromParanoiaTwo() {
    var report = DetectorHarness.run(DETECTOR, F, "installer.exe");
    assertThat(report.ids(1)).isEmpty();
    assertThat(report.ids(2)).containsExactly("upload-160");
  }
}
