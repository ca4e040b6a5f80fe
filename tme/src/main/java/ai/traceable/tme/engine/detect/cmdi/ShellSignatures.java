package ai.traceable.tme.engine.detect.cmdi;

import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.Keywords;
import ai.traceable.tme.engine.detect.Text;

/**
 * Command lines that are attacks whatever surrounds them: reverse shells ({@code /dev/tcp/}, {@code
 * nc -e}, {@code bash -i >&}, {@code mkfifo}, {@code socat exec:}) and Windows launchers (encoded
 * or hidden PowerShell, {@code cmd /c}, {@code certutil -urlcache} and the other living-off
 * -the-land binaries). Each reader works on the normalised lower-case text and returns where the
 * signature starts, or -1; each does a bounded number of passes over the text.
 */
final class ShellSignatures {
  /** Words without which none of the signatures can match. */
  private static final Keywords ANCHORS =
      new Keywords(
          "/dev/tcp/",
          "/dev/udp/",
          "-e ",
          "-c /bin/",
          "bash -i",
          "sh -i",
          "mkfifo",
          "socat",
          "powershell",
          "pwsh",
          "cmd /",
          "cmd.exe /",
          "certutil",
          "bitsadmin",
          "mshta",
          "regsvr32",
          "rundll32");

  private static final String[] POWERSHELL_FLAGS = {
    "-enc",
    "-e ",
    "-ec ",
    "-nop",
    "-noprofile",
    "-w hidden",
    "-windowstyle",
    "-exec bypass",
    "-ep bypass",
    "-executionpolicy",
    "iex",
    "invoke-expression",
    "downloadstring",
    "downloadfile",
    "invoke-webrequest",
    "iwr ",
    "net.webclient",
    "start-process",
    "frombase64string",
    "-command",
    "-c "
  };

  private ShellSignatures() {}

  /** Whether {@code tl} holds any word a signature needs (one pass). */
  static boolean possible(String tl) {
    return ANCHORS.containsAny(tl);
  }

  /** Where a reverse shell starts in {@code tl}, or -1. */
  static int reverseShell(String tl) {
    int at = Text.firstOf(tl, "/dev/tcp/", "/dev/udp/");
    if (at < 0) {
      at = Text.firstOf(tl, "-e /bin/", "-e cmd.exe", "-c /bin/sh", "-c /bin/bash");
      if (at >= 0 && !nearAny(tl, at, 24, "nc ", "ncat ", "netcat ")) {
        at = -1;
      }
    }
    if (at < 0) {
      int i = Text.firstOf(tl, "bash -i", "sh -i");
      if (i >= 0 && (tl.indexOf(">&", i) >= 0 || tl.indexOf("0>&1", i) >= 0)) {
        at = i;
      }
    }
    if (at < 0) {
      int i = tl.indexOf("mkfifo");
      if (i >= 0 && tl.indexOf("/tmp/", i) >= 0) {
        at = i;
      }
    }
    if (at < 0) {
      int i = tl.indexOf("socat");
      if (i >= 0 && (tl.indexOf("exec:", i) >= 0 || tl.indexOf("system:", i) >= 0)) {
        at = i;
      }
    }
    return at;
  }

  /** Where a Windows launcher with an attacker's options starts in {@code tl}, or -1. */
  static int windowsLauncher(String tl) {
    int i = Text.firstOf(tl, "powershell", "pwsh");
    if (i >= 0 && (i == 0 || !Chars.isAsciiAlnum(tl.charAt(i - 1)))) {
      String after = tl.substring(i, Math.min(tl.length(), i + 80));
      for (String f : POWERSHELL_FLAGS) {
        if (after.contains(f)) {
          return i;
        }
      }
    }
    i = Text.firstOf(tl, "cmd /c", "cmd.exe /c", "cmd /k", "cmd.exe /k", "cmd /r", "cmd.exe /r");
    if (i >= 0 && (i == 0 || !Chars.isAsciiAlnum(tl.charAt(i - 1)))) {
      return i;
    }
    i = withinAfter(tl, "certutil", 80, "-urlcache", "-decode", "-split", "-verifyctl");
    if (i < 0) {
      i = withinAfter(tl, "bitsadmin", 80, "/transfer", "/addfile", "/download");
    }
    if (i < 0) {
      i = withinAfter(tl, "mshta", 40, "http", "vbscript:", "javascript:");
    }
    if (i < 0) {
      i = withinAfter(tl, "regsvr32", 80, "/i:", "scrobj");
    }
    if (i < 0) {
      i = withinAfter(tl, "rundll32", 80, "javascript:", "url.dll", "shell32.dll", "comsvcs");
    }
    return i;
  }

  /** Whether one of {@code needles} starts within {@code distance} characters before {@code at}. */
  private static boolean nearAny(String tl, int at, int distance, String... needles) {
    int from = Math.max(0, at - distance);
    for (String needle : needles) {
      int i = tl.indexOf(needle, from);
      if (i >= 0 && i < at) {
        return true;
      }
    }
    return false;
  }

  /** Where {@code name} is, when one of {@code needles} follows within {@code distance}; or -1. */
  private static int withinAfter(String tl, String name, int distance, String... needles) {
    int i = tl.indexOf(name);
    if (i < 0) {
      return -1;
    }
    String after = tl.substring(i, Math.min(tl.length(), i + distance));
    for (String needle : needles) {
      if (after.contains(needle)) {
        return i;
      }
    }
    return -1;
  }
}
