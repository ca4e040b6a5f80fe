package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.EngineSettings;
import ai.traceable.tme.engine.seclang.model.RuleEngineMode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The engine-level directives: those that configure request processing, and those accepted only to
 * be reported as ignored because they concern responses, audit and debug logs, persistence or the
 * host server, none of which an authorization check has.
 */
final class EngineDirectives {

  private static final Set<String> IGNORED =
      Set.of(
          "secresponsebodyaccess",
          "secresponsebodymimetype",
          "secresponsebodymimetypesclear",
          "secresponsebodylimit",
          "secresponsebodylimitaction",
          "secauditengine",
          "secauditlog",
          "secauditlog2",
          "secauditlogparts",
          "secauditlogtype",
          "secauditlogstoragedir",
          "secauditlogrelevantstatus",
          "secauditlogformat",
          "secauditlogdirmode",
          "secauditlogfilemode",
          "secdebuglog",
          "secdebugloglevel",
          "secdatadir",
          "sectmpdir",
          "secuploaddir",
          "secuploadkeepfiles",
          "secuploadfilemode",
          "secuploadfilelimit",
          "sectmpsaveuploadedfiles",
          "seccollectiontimeout",
          "secpcrematchlimit",
          "secpcrematchlimitrecursion",
          "secstatusengine",
          "secunicodemapfile",
          "seccookieformat",
          "secgeolookupdb",
          "secserversignature",
          "secwebappid",
          "secsensorid",
          "secrequestbodyinmemorylimit",
          "secxmlexternalentity",
          "secinterceptonerror",
          "secruleinheritance",
          "secconnengine",
          "secconnreadstatelimit",
          "secconnwritestatelimit",
          "sechashengine",
          "sechashkey",
          "sechashparam",
          "sechashmethodrx",
          "sechashmethodpm",
          "secstreaminbodyinspection",
          "secstreamoutbodyinspection",
          "secdisablebackendcompression",
          "secchrootdir",
          "seccontentinjection",
          "secreadstatelimit",
          "secwritestatelimit",
          "secguardianlog",
          "secremoterules",
          "secremoterulesfailaction",
          "secresponsebodyaccessmode");

  private EngineDirectives() {}

  /** Applies the directive {@code lower}; returns false when it is unknown. */
  static boolean apply(SecLangParser parser, String lower, String name, List<String> args) {
    EngineSettings s = parser.settings();
    switch (lower) {
      case "secruleengine" ->
          parser.settings(s.withRuleEngine(RuleEngineMode.parse(one(name, args))));
      case "secrequestbodyaccess" -> parser.settings(s.withRequestBodyAccess(onOff(name, args)));
      case "secrequestbodylimit" -> parser.settings(s.withRequestBodyLimit(number(name, args)));
      case "secrequestbodynofileslimit" ->
          parser.settings(s.withRequestBodyNoFilesLimit(number(name, args)));
      case "secrequestbodylimitaction" ->
          parser.settings(s.withRejectOverLimit(limitAction(name, args)));
      case "secrequestbodyjsondepthlimit" ->
          parser.settings(s.withJsonDepthLimit((int) number(name, args)));
      case "secargumentslimit" -> parser.settings(s.withArgumentsLimit((int) number(name, args)));
      case "secargumentseparator" -> {
        if (!one(name, args).equals("&")) {
          throw new IllegalArgumentException("only & is supported as argument separator");
        }
      }
      default -> {
        if (!IGNORED.contains(lower)) {
          return false;
        }
        parser.ignore(name);
      }
    }
    return true;
  }

  private static String one(String name, List<String> args) {
    return SecLangParser.one(name, args);
  }

  private static boolean onOff(String name, List<String> args) {
    return switch (one(name, args).toLowerCase(Locale.ROOT)) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(name + " takes On or Off");
    };
  }

  private static long number(String name, List<String> args) {
    try {
      long n = Long.parseLong(one(name, args).strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a non-negative number");
    }
  }

  private static boolean limitAction(String name, List<String> args) {
    return switch (one(name, args).toLowerCase(Locale.ROOT)) {
      case "reject" -> true;
      case "processpartial" -> false;
      default -> throw new IllegalArgumentException(name + " takes Reject or ProcessPartial");
    };
  }
}
