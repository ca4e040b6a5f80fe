package ai.traceable.tme.engine.detect.mail;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class MailDetectorTest extends DetectorTableTest {
  private static final MailDetector DETECTOR = new MailDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.FORM, "email", "victim@example.com%0aBcc:+list@attacker.example", "mail-100"),
        a(Placement.JSON, "subject", "Re: order\r\nCc: all@attacker.example", "mail-100"),
        a(Placement.FORM, "email", "a@example.com%0dBcc:+z@attacker.example", "mail-100"),
        a(
            Placement.QUERY,
            "email",
            "u@example.com%0aSubject:%20Your account is locked",
            "mail-101"),
        a(Placement.FORM, "from", "x@example.com%0d%0aContent-Type:+text/html", "mail-101"),
        a(Placement.JSON, "replyTo", "x@example.com\nReply-To: a@attacker.example", "mail-101"),
        a(Placement.FORM, "to", "a@example.com>%0d%0aRCPT+TO:<v@attacker.example>", "mail-110"),
        a(
            Placement.JSON,
            "note",
            "see this\r\n\r\n.\r\nMAIL FROM:<x@attacker.example>",
            "mail-110"),
        a(Placement.FORM, "rcpt", "a@example.com%0d%0aVRFY+root", "mail-110"),
        a(Placement.FORM, "to", "bob@example.com%0d%0aDATA%0d%0aspam", "mail-110"),
        a(Placement.QUERY, "mailbox", "INBOX\"%0d%0aA002 LIST \"\" \"*\"", "mail-120"),
        a(Placement.QUERY, "msg", "1 BODY[HEADER]%0d%0aZ900 STORE 1 +FLAGS \\Deleted", "mail-120"),
        a(Placement.PATH, "", "/api/mailboxes/INBOX%0d%0aA1 LOGOUT/messages", "mail-120"),
        a(Placement.QUERY, "id", "1%0d%0aDELE 1", "mail-130"),
        a(Placement.QUERY, "n", "5%0aTOP 1 0", "mail-130"),
        a(Placement.FORM, "user", "admin%0d%0aPASS+guess%0d%0aLIST", "mail-130"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.FORM, "message", "Hello,%0d%0aI ordered a lamp.%0d%0aThanks,%0d%0aAnna"),
        b(Placement.FORM, "body", "To:+Sales+team%0d%0aFrom:+Procurement%0d%0a%0d%0aPlease+send"),
        b(Placement.JSON, "text", "Subject line looks fine.\nDATA export is attached.\nQUIT it"),
        b(Placement.FORM, "message", "Could you Bcc me on the reply to the supplier please?"),
        b(Placement.QUERY, "q", "from:boss subject:budget"),
        b(Placement.JSON, "contact", "mailto:support@example.com?subject=Help"),
        b(
            Placement.JSON,
            "content",
            "FROM node:20-alpine\nWORKDIR /app\nUSER node\nCMD [\"node\", \"server.js\"]"),
        b(
            Placement.MULTIPART,
            "mail",
            "From: Customer <c@example.net>\r\nTo: support@example.com\r\nSubject: refund"),
        b(Placement.JSON, "notes", "Agenda for Monday standup\nLIST\n- item one"),
        b(Placement.JSON, "steps", "Step 1\nB2 CHECK the valve\nDone"),
        b(
            Placement.JSON,
            "log",
            "a long first line of a log that goes on and on and on\nA1 LIST x"));
  }
}
