package ai.traceable.tme.engine.seclang.operator;

import java.util.Locale;

/**
 * Compiles SecLang operators by name. Names are matched ignoring case, as ModSecurity v2 does;
 * {@code pmf} and {@code ipMatchF} are aliases of {@code pmFromFile} and {@code ipMatchFromFile}.
 * Files named by an argument are read here, once; nothing does I/O when an operator runs.
 */
public final class Operators {
  private Operators() {}

  /**
   * Compiles operator {@code name} (without '@') with its argument.
   *
   * @param resources resolves file names of {@code @pmFromFile} and {@code @ipMatchFromFile}
   * @throws IllegalArgumentException naming the operator and the reason when the name is unknown or
   *     the argument invalid (a regular expression that does not compile or needs backtracking, a
   *     file that cannot be read, a malformed byte range or address)
   */
  public static Operator create(String name, String argument, OperatorResources resources) {
    String arg = argument == null ? "" : argument;
    try {
      return build(name == null ? "" : name.toLowerCase(Locale.ROOT), arg, resources);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("@" + name + ": " + e.getMessage(), e);
    }
  }

  private static Operator build(String name, String arg, OperatorResources resources) {
    return switch (name) {
      case "rx" -> new Rx(arg);
      case "pm" -> Pm.ofArgument(arg);
      case "pmfromfile", "pmf" -> Pm.ofFiles(arg, resources);
      case "streq" -> new StringCompare(StringCompare.Kind.STREQ, arg);
      case "contains" -> new StringCompare(StringCompare.Kind.CONTAINS, arg);
      case "containsword" -> new StringCompare(StringCompare.Kind.CONTAINS_WORD, arg);
      case "beginswith" -> new StringCompare(StringCompare.Kind.BEGINS_WITH, arg);
      case "endswith" -> new StringCompare(StringCompare.Kind.ENDS_WITH, arg);
      case "within" -> new StringCompare(StringCompare.Kind.WITHIN, arg);
      case "eq" -> new NumericCompare(NumericCompare.Kind.EQ, arg);
      case "ge" -> new NumericCompare(NumericCompare.Kind.GE, arg);
      case "gt" -> new NumericCompare(NumericCompare.Kind.GT, arg);
      case "le" -> new NumericCompare(NumericCompare.Kind.LE, arg);
      case "lt" -> new NumericCompare(NumericCompare.Kind.LT, arg);
      case "ipmatch" -> IpMatch.ofList(arg);
      case "ipmatchfromfile", "ipmatchf" -> IpMatch.ofFile(arg, resources);
      case "validatebyterange" -> new ValidateByteRange(arg);
      case "validateurlencoding" -> new ValidateUrlEncoding();
      case "validateutf8encoding" -> new ValidateUtf8Encoding();
      case "unconditionalmatch" -> Constant.ALWAYS;
      case "nomatch" -> Constant.NEVER;
      case "detectsqli" -> new DetectSqli();
      case "detectxss" -> new DetectXss();
      default -> throw new IllegalArgumentException("unknown operator");
    };
  }

  /** Whether an argument holds macros to expand per evaluation. */
  static boolean hasMacros(String argument) {
    return argument.contains("%{");
  }
}
