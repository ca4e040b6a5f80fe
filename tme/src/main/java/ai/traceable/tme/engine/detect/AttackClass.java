package ai.traceable.tme.engine.detect;

import java.util.Locale;

/** The attack classes tme detects; {@link #key()} is the name used in rules files and findings. */
public enum AttackClass {
  SQLI("sqli"),
  XSS("xss"),
  TRAVERSAL("traversal"),
  CMDI("cmdi"),
  SSRF("ssrf"),
  JNDI("jndi"),
  XXE("xxe"),
  NOSQLI("nosqli"),
  SSTI("ssti"),
  CRLF("crlf"),
  SCANNER("scanner"),
  UPLOAD("upload"),
  LDAP("ldap"),
  MAIL("mail"),
  SSI("ssi"),
  SESSION_FIXATION("session-fixation"),
  PROTOCOL("protocol"),
  REDIRECT("redirect"),
  SENSITIVE_FILES("sensitive-files"),
  GRAPHQL("graphql", true),
  JAVA("java"),
  PHP("php"),
  WINCMD("wincmd"),
  UNC("unc"),
  RFI("rfi"),
  SSJS("ssjs"),
  PROTO("proto"),
  NODEJS("nodejs");

  private final String key;
  private final boolean optIn;

  AttackClass(String key) {
    this(key, false);
  }

  AttackClass(String key, boolean optIn) {
    this.key = key;
    this.optIn = optIn;
  }

  /**
   * Whether the class runs only when a rules file names it (under {@code detection.classes} or one
   * of its rules under {@code detection.rules}); other classes block unless told otherwise.
   */
  public boolean optIn() {
    return optIn;
  }

  public String key() {
    return key;
  }

  /** The class named {@code key} (case-insensitive). */
  public static AttackClass parse(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    for (AttackClass c : values()) {
      if (c.key.equals(k)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown attack class '" + key + "' (expected one of " + keys() + ")");
  }

  static String keys() {
    StringBuilder out = new StringBuilder();
    for (AttackClass c : values()) {
      out.append(out.isEmpty() ? "" : ", ").append(c.key);
    }
    return out.toString();
  }
}
