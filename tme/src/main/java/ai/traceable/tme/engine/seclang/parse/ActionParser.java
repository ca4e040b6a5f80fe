package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.ActionSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an action list ({@code id:1,phase:2,msg:'a, b',t:none}) into name and value pairs, as
 * ModSecurity does: actions are separated by commas, a value follows a colon and is either unquoted
 * (up to the next comma, trimmed) or single-quoted, where {@code \'} and {@code \\} are the only
 * escapes (any other backslash is kept).
 */
final class ActionParser {

  private ActionParser() {}

  static List<ActionSpec> parse(String text) {
    List<ActionSpec> actions = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (true) {
      i = skipSpaceAndCommas(text, i);
      if (i >= n) {
        return actions;
      }
      int start = i;
      while (i < n && text.charAt(i) != ':' && text.charAt(i) != ',') {
        i++;
      }
      String name = text.substring(start, i).strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty action name in: " + text);
      }
      String value = null;
      if (i < n && text.charAt(i) == ':') {
        i++;
        while (i < n && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        StringBuilder out = new StringBuilder();
        i = i < n && text.charAt(i) == '\'' ? quoted(text, i, out) : unquoted(text, i, out);
        value = out.toString();
      }
      actions.add(new ActionSpec(ActionNames.canonical(name), value));
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i < n && text.charAt(i) != ',') {
        throw new IllegalArgumentException("expected ',' after action " + name + " in: " + text);
      }
    }
  }

  private static int skipSpaceAndCommas(String text, int i) {
    while (i < text.length() && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
      i++;
    }
    return i;
  }

  private static int unquoted(String text, int i, StringBuilder out) {
    int start = i;
    while (i < text.length() && text.charAt(i) != ',') {
      i++;
    }
    out.append(text.substring(start, i).strip());
    return i;
  }

  private static int quoted(String text, int open, StringBuilder out) {
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == '\'' || next == '\\') {
          out.append(next);
          i += 2;
        } else {
          // ModSecurity 2 rejects other escapes; later engines keep them, which loads more rule
          // sets
          out.append(c);
          i++;
        }
      } else if (c == '\'') {
        return i + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    throw new IllegalArgumentException("missing closing quote in action value: " + text);
  }
}
