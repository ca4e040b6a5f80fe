package ai.traceable.tme.engine.detect.mail;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.FoundRules;
import ai.traceable.tme.engine.detect.Gate;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Mail header and mail protocol command injection. A web mail client, a contact form or a
 * newsletter signup copies a value into a message header or into an IMAP, SMTP or POP3 session; a
 * line break in the value then adds a recipient ({@code Bcc:}), replaces the body ({@code
 * Content-Type:}) or runs a command of the attacker's ({@code A1 DELETE INBOX}, {@code RCPT TO:},
 * {@code DELE 1}).
 *
 * <p>The detector looks at the start of every line after the first. Recipients added with {@code
 * Bcc:} or {@code Cc:} and an address count anywhere; other mail headers count when the first line
 * is a single token (an address, a name, a mailbox), the one-line fields injections target, so a
 * letter typed into a text area ({@code To: Sales team}) stays clean. Protocol commands must look
 * like commands: upper-case verbs, IMAP tags, and the arguments each verb takes, after a short
 * first line. CRLF injection in general (response headers, splitting) is the {@code crlf}
 * detector's; values without a line break cost one scan.
 */
public final class MailDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.MAIL);
  static final DetectionRule RECIPIENT =
      RULES.add(
          "mail-100",
          Severity.CRITICAL,
          1,
          "Line break followed by a Bcc or Cc header with an address (recipient injection)");
  static final DetectionRule HEADER =
      RULES.add(
          "mail-101",
          Severity.CRITICAL,
          1,
          "Mail header line (To, From, Subject, Content-Type, ...) after a one-token first line");
  static final DetectionRule SMTP =
      RULES.add(
          "mail-110",
          Severity.CRITICAL,
          1,
          "SMTP command on a line of its own (RCPT TO, DATA, ...)");
  static final DetectionRule IMAP =
      RULES.add(
          "mail-120",
          Severity.CRITICAL,
          1,
          "Tagged IMAP command after a line break (A1 FETCH ...)");
  static final DetectionRule POP3 =
      RULES.add(
          "mail-130",
          Severity.CRITICAL,
          1,
          "POP3 command after a line break (USER, RETR, DELE, ...)");
  static final RuleTable TABLE = RULES.build();

  /** First lines longer than this are prose, where command-like lines are not looked for. */
  private static final int SHORT_FIRST_LINE = 80;

  private static final Set<String> MAIL_HEADERS =
      Set.of(
          "to",
          "from",
          "cc",
          "bcc",
          "reply-to",
          "sender",
          "return-path",
          "subject",
          "content-type",
          "content-transfer-encoding",
          "mime-version",
          "x-mailer",
          "disposition-notification-to");

  /**
   * IMAP commands by the number of arguments they take after the tag: -1 for two or more, so that a
   * line of prose with a tag-like first word ({@code B2 CHECK the valve}) does not fit.
   */
  private static final Map<String, Integer> IMAP_ARGUMENTS =
      Map.ofEntries(
          Map.entry("LOGOUT", 0),
          Map.entry("CAPABILITY", 0),
          Map.entry("NOOP", 0),
          Map.entry("CHECK", 0),
          Map.entry("CLOSE", 0),
          Map.entry("EXPUNGE", 0),
          Map.entry("STARTTLS", 0),
          Map.entry("IDLE", 0),
          Map.entry("SELECT", 1),
          Map.entry("EXAMINE", 1),
          Map.entry("CREATE", 1),
          Map.entry("DELETE", 1),
          Map.entry("SUBSCRIBE", 1),
          Map.entry("UNSUBSCRIBE", 1),
          Map.entry("AUTHENTICATE", 1),
          Map.entry("LIST", 2),
          Map.entry("LSUB", 2),
          Map.entry("LOGIN", 2),
          Map.entry("RENAME", 2),
          Map.entry("FETCH", -1),
          Map.entry("STORE", -1),
          Map.entry("COPY", -1),
          Map.entry("MOVE", -1),
          Map.entry("SEARCH", -1),
          Map.entry("UID", -1),
          Map.entry("STATUS", -1),
          Map.entry("APPEND", -1));

  /** Injected headers and commands start on a new line. */
  private static final Gate GATE = Gate.anyOf("\r", "\n");

  @Override
  public Gate gate() {
    return GATE;
  }

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    String s = value.decoded();
    int first = firstBreak(s);
    if (first < 0) {
      return;
    }
    boolean oneToken = oneToken(s, first);
    boolean shortFirst = first <= SHORT_FIRST_LINE;
    FoundRules found = new FoundRules(TABLE);
    int at = first;
    while (at >= 0 && at < s.length()) {
      int start = at;
      while (start < s.length() && Chars.isLineBreak(s.charAt(start))) {
        start++;
      }
      int end = nextBreak(s, start);
      line(s, start, end, oneToken, shortFirst, found);
      at = end;
    }
    found.report(hits);
  }

  private static void line(
      String s, int start, int end, boolean oneToken, boolean shortFirst, FoundRules found) {
    if (start >= end) {
      return;
    }
    String line = s.substring(start, end);
    int colon = line.indexOf(':');
    if (colon > 0) {
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      boolean address = line.indexOf('@', colon) > 0;
      if ((name.equals("bcc") || name.equals("cc")) && address) {
        found.record(RECIPIENT, s, start);
      } else if (oneToken && MAIL_HEADERS.contains(name)) {
        found.record(HEADER, s, start);
      }
    }
    if (line.regionMatches(true, 0, "rcpt to:", 0, 8)
        || line.regionMatches(true, 0, "mail from:", 0, 10)) {
      found.record(SMTP, s, start);
      return;
    }
    if (!shortFirst || !Chars.isAsciiLetter(line.charAt(0))) {
      return;
    }
    String[] words = line.strip().split(" +", 8);
    String verb = words[0];
    if (oneToken && smtp(verb, words)) {
      found.record(SMTP, s, start);
    } else if (oneToken && pop3(verb, words)) {
      found.record(POP3, s, start);
    } else if (imap(verb, words)) {
      found.record(IMAP, s, start);
    }
  }

  private static boolean smtp(String verb, String[] words) {
    return switch (verb) {
      case "DATA", "QUIT", "RSET" -> words.length == 1;
      case "HELO", "EHLO", "VRFY", "EXPN" -> words.length == 2;
      default -> false;
    };
  }

  private static boolean pop3(String verb, String[] words) {
    return switch (verb) {
      case "USER", "PASS" -> words.length == 2;
      case "RETR", "DELE" -> words.length == 2 && digits(words[1]);
      case "TOP" -> words.length == 3 && digits(words[1]) && digits(words[2]);
      case "LIST", "STAT", "UIDL" -> words.length == 1 || words.length == 2 && digits(words[1]);
      case "APOP" -> words.length == 3;
      default -> false;
    };
  }

  private static boolean imap(String verb, String[] words) {
    if (words.length < 2 || !tag(verb)) {
      return false;
    }
    Integer arguments = IMAP_ARGUMENTS.get(leadingWord(words[1]));
    int given = words.length - 2;
    return arguments != null && (arguments < 0 ? given >= 2 : given == arguments);
  }

  /** An IMAP command tag as clients write them: letters and digits, both present, short. */
  private static boolean tag(String w) {
    if (w.isEmpty() || w.length() > 10) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      letter |= Chars.isAsciiLetter(c);
      digit |= Chars.isAsciiDigit(c);
      if (!Chars.isAsciiAlnum(c)) {
        return false;
      }
    }
    return letter && digit;
  }

  /** The upper-case letters {@code w} starts with, when a non-letter or nothing follows them. */
  private static String leadingWord(String w) {
    int i = 0;
    while (i < w.length() && w.charAt(i) >= 'A' && w.charAt(i) <= 'Z') {
      i++;
    }
    return i < w.length() && Chars.isAsciiAlnum(w.charAt(i)) ? "" : w.substring(0, i);
  }

  private static boolean digits(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (!Chars.isAsciiDigit(w.charAt(i))) {
        return false;
      }
    }
    return !w.isEmpty();
  }

  /** Whether the first line, trimmed, has no blank inside: an address, a name, an id. */
  private static boolean oneToken(String s, int end) {
    String first = s.substring(0, end).strip();
    return !first.isEmpty() && first.indexOf(' ') < 0 && first.indexOf('\t') < 0;
  }

  private static int firstBreak(String s) {
    int cr = s.indexOf('\r');
    int lf = s.indexOf('\n');
    return cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
  }

  private static int nextBreak(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (Chars.isLineBreak(s.charAt(i))) {
        return i;
      }
    }
    return s.length();
  }
}
