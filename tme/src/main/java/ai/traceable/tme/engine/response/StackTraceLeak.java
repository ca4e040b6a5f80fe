package ai.traceable.tme.engine.response;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;

/**
 * {@code leak-stack-trace}: a stack trace in a response, which shows code structure, libraries and
 * file paths. Frames of Java ({@code at a.b.C.m(C.java:12)}), Python ({@code Traceback (most recent
 * call last):} and {@code File "x.py", line 3}), .NET ({@code at A.B() in C:\x.cs:line 12}), Node
 * ({@code at f (/app/x.js:1:2)}), PHP ({@code Stack trace: #0 /x.php(12)}) and Go ({@code goroutine
 * 1 [running]:}). Two frames, or one header line, are needed, so a page that happens to say "at"
 * once does not match. RE2/J: linear time.
 */
public final class StackTraceLeak implements LeakDetector {
  private static final Pattern FRAMES =
      Pattern.compile(
          "(?:\\bat [\\w$.<>/@]+\\((?:[\\w$]+\\.(?:java|kt|scala|groovy):\\d+|Unknown Source|Native"
              + " Method)\\)\\s*){2}"
              + "|(?:\\bat [\\w.`<>]+\\([^()\\n]{0,200}\\) in [^\\n]{1,260}:line \\d+)"
              + "|(?:\\bat [\\w.$<> ]{1,200} \\((?:/|[A-Za-z]:\\\\|node:)[^()\\n]{1,260}:\\d+:\\d+\\)\\s*){2}"
              + "|Traceback \\(most recent call last\\):\\s+File \""
              + "|Stack trace:\\s+#0 "
              + "|goroutine \\d+ \\[running\\]:");

  @Override
  public String ruleId() {
    return "leak-stack-trace";
  }

  @Override
  public String category() {
    return "error";
  }

  @Override
  public void find(ResponseText text, List<LeakSpan> out) {
    String s = text.text();
    // cheap pre-checks: most bodies contain none of the anchors
    if (s.indexOf("at ") < 0
        && s.indexOf("Traceback") < 0
        && s.indexOf("Stack trace") < 0
        && s.indexOf("goroutine") < 0) {
      return;
    }
    Matcher m = FRAMES.matcher(s);
    if (m.find()) {
      out.add(new LeakSpan(m.start(), m.end()));
    }
  }
}
