package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.Selector;
import ai.traceable.tme.engine.seclang.model.Variable;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a rule's variable list: elements separated by {@code |}, each an optional {@code !} or
 * {@code &}, a variable name, and an optional selector after {@code :} that is a key, a quoted key,
 * a {@code /regex/} or (for {@code XML}) an XPath expression.
 */
final class VariableParser {

  private final String text;
  private int pos;

  private VariableParser(String text) {
    this.text = text;
  }

  static List<VariableSpec> parse(String text) {
    VariableParser p = new VariableParser(text.strip());
    List<VariableSpec> specs = new ArrayList<>();
    if (p.text.isEmpty()) {
      throw new IllegalArgumentException("empty variable list");
    }
    while (true) {
      specs.add(p.element());
      if (p.pos >= p.text.length()) {
        return specs;
      }
      if (p.text.charAt(p.pos) != '|') {
        throw new IllegalArgumentException(
            "unexpected '" + p.text.charAt(p.pos) + "' in variables: " + p.text);
      }
      p.pos++;
    }
  }

  private VariableSpec element() {
    boolean exclusion = false;
    boolean count = false;
    while (pos < text.length() && (text.charAt(pos) == '!' || text.charAt(pos) == '&')) {
      if (text.charAt(pos) == '!') {
        exclusion = true;
      } else {
        count = true;
      }
      pos++;
    }
    int start = pos;
    while (pos < text.length() && isNameChar(text.charAt(pos))) {
      pos++;
    }
    String name = text.substring(start, pos);
    Variable variable = Variable.byName(name);
    if (variable == null) {
      throw new IllegalArgumentException("unknown variable: " + (name.isEmpty() ? text : name));
    }
    Selector selector = null;
    if (pos < text.length() && text.charAt(pos) == ':') {
      pos++;
      selector = selector(variable);
      if (!variable.collection()) {
        throw new IllegalArgumentException("variable " + variable + " takes no selector");
      }
    }
    if (exclusion && count) {
      throw new IllegalArgumentException("a variable cannot be both counted and excluded");
    }
    if (exclusion && selector == null && !variable.collection()) {
      throw new IllegalArgumentException("cannot exclude the scalar " + variable);
    }
    return new VariableSpec(variable, selector, count, exclusion);
  }

  private Selector selector(Variable variable) {
    if (variable == Variable.XML) {
      return new Selector.XPath(until('|'));
    }
    if (pos < text.length() && text.charAt(pos) == '/') {
      return pattern(regex());
    }
    if (pos < text.length() && text.charAt(pos) == '\'') {
      int close = text.indexOf('\'', pos + 1);
      if (close < 0) {
        throw new IllegalArgumentException("missing closing quote in selector: " + text);
      }
      String key = text.substring(pos + 1, close);
      pos = close + 1;
      return key(key);
    }
    return key(until('|'));
  }

  private static Selector key(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("empty selector");
    }
    return new Selector.Key(key);
  }

  private String regex() {
    int start = ++pos;
    while (pos < text.length() && text.charAt(pos) != '/') {
      pos += text.charAt(pos) == '\\' ? 2 : 1;
    }
    if (pos >= text.length()) {
      throw new IllegalArgumentException("missing closing / in selector: " + text);
    }
    return text.substring(start, pos++);
  }

  private static Selector pattern(String regex) {
    try {
      return new Selector.KeyPattern(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid selector regex /" + regex + "/: " + e.getMessage());
    }
  }

  private String until(char stop) {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != stop) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }
}
