package ai.traceable.tme.engine.seclang.body;

import java.util.Locale;

/**
 * The parameters of a multipart part's {@code Content-Disposition: form-data; name="a";
 * filename="b"} header, with ModSecurity's flags for quoting and separators.
 *
 * @param name the {@code name} parameter, or null
 * @param filename the {@code filename} parameter, or null
 * @param invalidQuoting a value was single-quoted or its quotes did not close
 * @param missingSemicolon two parameters were not separated by {@code ;}
 * @param error why the header is unusable, or null
 */
record ContentDisposition(
    String name, String filename, boolean invalidQuoting, boolean missingSemicolon, String error) {

  static ContentDisposition parse(String header) {
    String h = header.strip();
    if (!h.toLowerCase(Locale.ROOT).startsWith("form-data")) {
      return new ContentDisposition(null, null, false, false, "not form-data");
    }
    int i = "form-data".length();
    String name = null;
    String filename = null;
    boolean invalidQuoting = false;
    boolean missingSemicolon = false;
    while (true) {
      i = skipSpaces(h, i);
      if (i >= h.length()) {
        break;
      }
      if (h.charAt(i) == ';') {
        i = skipSpaces(h, i + 1);
        if (i >= h.length()) {
          break;
        }
      } else {
        missingSemicolon = true;
      }
      int eq = h.indexOf('=', i);
      if (eq < 0) {
        if (i < h.length()) {
          return new ContentDisposition(
              name, filename, invalidQuoting, missingSemicolon, "parameter without value");
        }
        break;
      }
      String param = h.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < h.length() && h.charAt(i) == '"') {
        i++;
        while (i < h.length() && h.charAt(i) != '"') {
          // only \" and \\ are escapes; any other backslash is part of the value
          if (h.charAt(i) == '\\'
              && i + 1 < h.length()
              && (h.charAt(i + 1) == '"' || h.charAt(i + 1) == '\\')) {
            i++;
          }
          value.append(h.charAt(i++));
        }
        if (i >= h.length()) {
          invalidQuoting = true;
        } else {
          i++;
        }
      } else {
        if (i < h.length() && h.charAt(i) == '\'') {
          invalidQuoting = true;
        }
        while (i < h.length() && h.charAt(i) != ';' && h.charAt(i) != ' ') {
          value.append(h.charAt(i++));
        }
      }
      switch (param) {
        case "name" -> name = value.toString();
        case "filename", "filename*" -> filename = value.toString();
        default -> {
          return new ContentDisposition(
              name, filename, invalidQuoting, missingSemicolon, "unknown parameter " + param);
        }
      }
    }
    return new ContentDisposition(name, filename, invalidQuoting, missingSemicolon, null);
  }

  private static int skipSpaces(String h, int i) {
    while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
