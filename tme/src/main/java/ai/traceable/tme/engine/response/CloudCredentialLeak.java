package ai.traceable.tme.engine.response;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;

/**
 * {@code leak-cloud-credential}: credentials of the big clouds: AWS access key ids ({@code
 * AKIA}/{@code ASIA} and 16 more), AWS secret keys next to their usual name, Google API keys
 * ({@code AIza} and 35 more), Google service-account key files, and Azure storage account keys and
 * shared access signatures. RE2/J (linear time), after a literal pre-check.
 */
public final class CloudCredentialLeak implements LeakDetector {
  private static final Pattern CREDENTIALS =
      Pattern.compile(
          "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"
              + "|(?i:aws_?secret_?access_?key)[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9/+]{40}"
              + "|\\bAIza[0-9A-Za-z_\\-]{35}"
              + "|\"private_key_id\"\\s*:\\s*\"[0-9a-f]{40}\""
              + "|AccountKey=[A-Za-z0-9+/]{86}=="
              + "|[?&]sig=[A-Za-z0-9%]{43,}%3D");

  private static final List<String> ANCHORS =
      List.of("AKIA", "ASIA", "ecret", "ECRET", "AIza", "private_key_id", "AccountKey=", "sig=");

  @Override
  public String ruleId() {
    return "leak-cloud-credential";
  }

  @Override
  public String category() {
    return "secret";
  }

  @Override
  public void find(ResponseText text, List<LeakSpan> out) {
    String s = text.text();
    boolean anchored = false;
    for (String a : ANCHORS) {
      if (s.contains(a)) {
        anchored = true;
        break;
      }
    }
    if (!anchored) {
      return;
    }
    Matcher m = CREDENTIALS.matcher(s);
    int from = 0;
    while (from <= s.length() && m.find(from)) {
      out.add(new LeakSpan(m.start(), m.end()));
      from = Math.max(m.end(), m.start() + 1);
    }
  }
}
