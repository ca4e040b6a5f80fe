package ai.traceable.tme.capture;

/**
 * Redacts an XML body by name: the value of every attribute whose name is sensitive, and the
 * content of every element whose name is sensitive (its text replaced; content with markup in it,
 * child elements or CDATA, replaced by the marker whole). Names match with or without their
 * namespace prefix. It reads the markup only (no DTD, no entities, nothing resolved), in one pass
 * linear in the body; an element left open by truncation is redacted to the end. Stateless.
 */
final class XmlRedaction {
  private XmlRedaction() {}

  static String redact(String xml, Redactor redactor) {
    StringBuilder out = new StringBuilder(xml.length());
    int n = xml.length();
    int i = 0;
    while (i < n) {
      int lt = xml.indexOf('<', i);
      if (lt < 0) {
        out.append(xml, i, n);
        break;
      }
      out.append(xml, i, lt);
      int end = skipped(xml, lt);
      if (end >= 0) {
        out.append(xml, lt, end);
        i = end;
        continue;
      }
      int gt = tagEnd(xml, lt);
      String name = startTag(xml, lt, gt, out, redactor);
      i = gt;
      boolean open = gt <= n && xml.charAt(gt - 1) == '>' && xml.charAt(gt - 2) != '/';
      if (open && sensitive(name, redactor)) {
        int close = closing(xml, gt, name);
        int contentEnd = close < 0 ? n : close;
        String content = xml.substring(gt, contentEnd);
        out.append(content.indexOf('<') < 0 ? redactor.replace(content) : Redactor.MARKER);
        i = contentEnd;
      }
    }
    return out.toString();
  }

  /** The end of a comment, CDATA section, declaration, instruction or end tag at {@code lt}. */
  private static int skipped(String xml, int lt) {
    if (xml.startsWith("<!--", lt)) {
      return after(xml, "-->", lt + 4);
    }
    if (xml.startsWith("<![CDATA[", lt)) {
      return after(xml, "]]>", lt + 9);
    }
    if (xml.startsWith("<?", lt) || xml.startsWith("<!", lt) || xml.startsWith("</", lt)) {
      return tagEnd(xml, lt);
    }
    return -1;
  }

  private static int after(String xml, String end, int from) {
    int at = xml.indexOf(end, from);
    return at < 0 ? xml.length() : at + end.length();
  }

  /** Just past the {@code >} closing the tag at {@code lt} (quotes respected), or the end. */
  private static int tagEnd(String xml, int lt) {
    char quote = 0;
    for (int i = lt + 1; i < xml.length(); i++) {
      char c = xml.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i + 1;
      }
    }
    return xml.length();
  }

  /**
   * Writes the start tag in {@code [lt, gt)} with sensitive attribute values replaced; returns its
   * element name.
   */
  private static String startTag(String xml, int lt, int gt, StringBuilder out, Redactor r) {
    int i = lt + 1;
    while (i < gt && !isSpace(xml.charAt(i)) && xml.charAt(i) != '>' && xml.charAt(i) != '/') {
      i++;
    }
    String name = xml.substring(lt + 1, i);
    int copied = lt;
    while (i < gt) {
      while (i < gt && (isSpace(xml.charAt(i)) || xml.charAt(i) == '/')) {
        i++;
      }
      int nameStart = i;
      while (i < gt && xml.charAt(i) != '=' && !isSpace(xml.charAt(i)) && xml.charAt(i) != '>') {
        i++;
      }
      String attribute = xml.substring(nameStart, i);
      while (i < gt && isSpace(xml.charAt(i))) {
        i++;
      }
      if (i >= gt || xml.charAt(i) != '=') {
        i = Math.max(i, nameStart + 1);
        continue;
      }
      i++;
      while (i < gt && isSpace(xml.charAt(i))) {
        i++;
      }
      if (i >= gt || (xml.charAt(i) != '"' && xml.charAt(i) != '\'')) {
        continue;
      }
      char quote = xml.charAt(i);
      int valueStart = i + 1;
      int valueEnd = valueStart;
      while (valueEnd < gt && xml.charAt(valueEnd) != quote) {
        valueEnd++; // within the tag only: searching past it would make the pass quadratic
      }
      if (sensitive(attribute, r)) {
        out.append(xml, copied, valueStart).append(r.replace(xml.substring(valueStart, valueEnd)));
        copied = valueEnd;
      }
      i = valueEnd + 1;
    }
    out.append(xml, copied, gt);
    return name;
  }

  /**
   * Where the end tag of the element {@code name} whose content starts at {@code from} begins,
   * counting elements of the same name nested in it; -1 when it is not there.
   */
  private static int closing(String xml, int from, String name) {
    int depth = 0;
    int i = from;
    while (true) {
      int lt = xml.indexOf('<', i);
      if (lt < 0) {
        return -1;
      }
      boolean end = xml.startsWith("</", lt);
      int at = end ? lt + 2 : lt + 1;
      if (xml.startsWith(name, at) && boundary(xml, at + name.length())) {
        if (end && depth-- == 0) {
          return lt;
        }
        int gt = tagEnd(xml, lt);
        if (!end && xml.charAt(gt - 1) == '>' && xml.charAt(gt - 2) != '/') {
          depth++; // an element of the same name inside, not self-closing
        }
        if (!end) {
          i = gt; // on past the tag, so that no character is scanned twice
          continue;
        }
      }
      i = lt + 1;
    }
  }

  private static boolean boundary(String xml, int i) {
    return i >= xml.length()
        || isSpace(xml.charAt(i))
        || xml.charAt(i) == '>'
        || xml.charAt(i) == '/';
  }

  private static boolean sensitive(String name, Redactor r) {
    if (name.isEmpty()) {
      return false;
    }
    int colon = name.indexOf(':');
    return r.sensitiveField(name) || colon >= 0 && r.sensitiveField(name.substring(colon + 1));
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
