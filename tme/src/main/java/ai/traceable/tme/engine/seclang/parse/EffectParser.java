package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.Ctl;
import ai.traceable.tme.engine.seclang.model.IdRanges;
import ai.traceable.tme.engine.seclang.model.Macro;
import ai.traceable.tme.engine.seclang.model.RuleEngineMode;
import ai.traceable.tme.engine.seclang.model.SetVar;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parses the arguments of {@code setvar} and {@code ctl} actions. */
final class EffectParser {

  private static final Set<String> IGNORED_CTL =
      Set.of(
          "auditengine",
          "auditlogparts",
          "debugloglevel",
          "responsebodyaccess",
          "responsebodylimit",
          "hashengine",
          "hashenforcement",
          "parsexmlintoargs");

  private EffectParser() {}

  static SetVar setvar(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("setvar needs a variable");
    }
    String s = text.strip();
    boolean delete = s.startsWith("!");
    if (delete) {
      s = s.substring(1);
    }
    int eq = s.indexOf('=');
    String target = eq < 0 ? s : s.substring(0, eq);
    int dot = target.indexOf('.');
    if (dot <= 0 || dot == target.length() - 1) {
      throw new IllegalArgumentException("setvar needs collection.name: " + text);
    }
    String collection = target.substring(0, dot).strip().toUpperCase(Locale.ROOT);
    Macro name = Macro.parse(target.substring(dot + 1).strip());
    if (delete) {
      return new SetVar(collection, name, SetVar.Op.DELETE, Macro.parse(""));
    }
    if (eq < 0) {
      return new SetVar(collection, name, SetVar.Op.SET, Macro.parse("1"));
    }
    String value = s.substring(eq + 1);
    if (value.startsWith("+")) {
      return new SetVar(collection, name, SetVar.Op.ADD, Macro.parse(value.substring(1)));
    }
    if (value.startsWith("-")) {
      return new SetVar(collection, name, SetVar.Op.SUBTRACT, Macro.parse(value.substring(1)));
    }
    return new SetVar(collection, name, SetVar.Op.SET, Macro.parse(value));
  }

  static Ctl ctl(String text) {
    int eq = text == null ? -1 : text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("ctl needs name=value: " + text);
    }
    String name = text.substring(0, eq).strip();
    String value = text.substring(eq + 1).strip();
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ruleengine" -> new Ctl.RuleEngine(RuleEngineMode.parse(value));
      case "ruleremovebyid" -> new Ctl.RemoveById(IdRanges.parse(value));
      case "ruleremovebytag" -> new Ctl.RemoveByTagOrMsg(Pattern.compile(value), false);
      case "ruleremovebymsg" -> new Ctl.RemoveByTagOrMsg(Pattern.compile(value), true);
      case "ruleremovetargetbyid" ->
          new Ctl.RemoveTargetById(IdRanges.parse(before(value)), targets(value));
      case "ruleremovetargetbytag" ->
          new Ctl.RemoveTargetByTagOrMsg(Pattern.compile(before(value)), false, targets(value));
      case "ruleremovetargetbymsg" ->
          new Ctl.RemoveTargetByTagOrMsg(Pattern.compile(before(value)), true, targets(value));
      case "requestbodyprocessor" -> new Ctl.RequestBodyProcessor(processor(value));
      case "forcerequestbodyvariable" -> new Ctl.ForceRequestBodyVariable(onOff(value));
      case "requestbodyaccess" -> new Ctl.RequestBodyAccess(onOff(value));
      default -> {
        if (!IGNORED_CTL.contains(name.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException("unknown ctl: " + name);
        }
        yield new Ctl.Ignored(name);
      }
    };
  }

  private static String before(String value) {
    int semi = value.indexOf(';');
    if (semi < 0) {
      throw new IllegalArgumentException("expected id;VARIABLE in ctl: " + value);
    }
    return value.substring(0, semi);
  }

  private static List<VariableSpec> targets(String value) {
    List<VariableSpec> specs = VariableParser.parse(value.substring(value.indexOf(';') + 1));
    for (VariableSpec v : specs) {
      if (v.count() || v.exclusion()) {
        throw new IllegalArgumentException("ctl targets are plain variables: " + value);
      }
    }
    return specs;
  }

  private static String processor(String value) {
    String p = value.toUpperCase(Locale.ROOT);
    if (!Set.of("URLENCODED", "MULTIPART", "JSON", "XML").contains(p)) {
      throw new IllegalArgumentException("unknown request body processor: " + value);
    }
    return p;
  }

  private static boolean onOff(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "on", "true", "1" -> true;
      case "off", "false", "0" -> false;
      default -> throw new IllegalArgumentException("expected On or Off: " + value);
    };
  }
}
