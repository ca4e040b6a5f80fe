package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * {@code leak-private-key}: a PEM private key ({@code -----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED
 * ]PRIVATE KEY-----}, PGP's {@code PRIVATE KEY BLOCK}). The span covers the key up to its END line
 * (or to the end of the text when it is cut), so redaction removes the key material itself.
 */
public final class PrivateKeyLeak implements LeakDetector {
  private static final String BEGIN = "-----begin ";
  private static final String END = "-----end ";

  @Override
  public String ruleId() {
    return "leak-private-key";
  }

  @Override
  public String category() {
    return "secret";
  }

  @Override
  public void find(ResponseText text, List<LeakSpan> out) {
    String lower = text.lower();
    int from = 0;
    while (true) {
      int begin = lower.indexOf(BEGIN, from);
      if (begin < 0) {
        return;
      }
      int close = lower.indexOf("-----", begin + BEGIN.length());
      if (close < 0) {
        return;
      }
      String label = lower.substring(begin + BEGIN.length(), close);
      from = close + 5;
      if (!isPrivateKeyLabel(label)) {
        continue;
      }
      int stop = lower.length(); // a key cut short: mask to the end
      int end = lower.indexOf(END, from);
      if (end >= 0) {
        int close2 = lower.indexOf("-----", end + END.length());
        stop = close2 < 0 ? lower.length() : close2 + 5;
      }
      out.add(new LeakSpan(begin, stop));
      from = stop;
    }
  }

  private static boolean isPrivateKeyLabel(String label) {
    if (label.length() > 40) {
      return false;
    }
    return label.equals("private key")
        || label.equals("rsa private key")
        || label.equals("ec private key")
        || label.equals("dsa private key")
        || label.equals("openssh private key")
        || label.equals("encrypted private key")
        || label.equals("pgp private key block");
  }
}
