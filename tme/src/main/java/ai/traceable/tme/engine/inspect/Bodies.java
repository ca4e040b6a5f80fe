package ai.traceable.tme.engine.inspect;

import ai.traceable.tme.engine.decode.Decoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/** Extracts the inspectable values of a body according to its content type. Stateless. */
final class Bodies {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(1000)
                  .maxStringLength(16 * 1024 * 1024)
                  .maxNumberLength(1000)
                  .build())
          .build();

  private Bodies() {}

  static void extract(RequestView request, String contentType, InspectionLimits limits, Inputs in) {
    byte[] body = request.body();
    if (body.length == 0) {
      return;
    }
    int length = body.length;
    if (length > limits.maxBodyBytes()) {
      length = limits.maxBodyBytes();
      in.markLimited();
    }
    if (isBinary(contentType)) {
      String printable = Printable.runs(body, 0, length);
      if (!printable.isEmpty()) {
        in.add(Placement.TEXT, "printable", printable, false, false);
      }
      return;
    }
    String text = Decoding.lenientUtf8(body, 0, length);
    if (contentType.contains("json") || contentType.isEmpty() && looksLikeJson(text)) {
      if (!json(text, limits, in, request.path().contains("graphql"))) {
        in.bodyProblem("not valid JSON" + (request.bodyTruncated() ? " (truncated)" : ""));
        in.add(Placement.TEXT, "", text, false, false);
      }
    } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
      InputExtractor.Args.parse(text, Placement.FORM_NAME, Placement.FORM, in);
    } else if (contentType.startsWith("multipart/")) {
      if (!Multipart.parse(text, boundary(contentType), limits, in)) {
        in.bodyProblem("not valid multipart");
        in.add(Placement.TEXT, "", text, false, false);
      }
    } else if (contentType.contains("xml")
        || contentType.isEmpty() && text.stripLeading().startsWith("<")) {
      Xml.extract(text, in);
    } else if (contentType.startsWith("application/graphql")) {
      GraphQl.extract(text, "query", in);
    } else {
      in.add(Placement.TEXT, "", text, false, true);
    }
  }

  private static boolean isBinary(String contentType) {
    return contentType.startsWith("image/") && !contentType.contains("svg")
        || contentType.startsWith("audio/")
        || contentType.startsWith("video/")
        || contentType.startsWith("font/")
        || contentType.startsWith("application/octet-stream")
        || contentType.startsWith("application/pdf")
        || contentType.startsWith("application/zip")
        || contentType.startsWith("application/gzip")
        || contentType.startsWith("application/grpc")
        || contentType.startsWith("application/protobuf")
        || contentType.startsWith("application/x-protobuf");
  }

  private static boolean looksLikeJson(String text) {
    String t = text.stripLeading();
    return t.startsWith("{") || t.startsWith("[");
  }

  /**
   * Streams through JSON: every string value (named by its dotted path) and every distinct key is
   * added. A GraphQL request's {@code query} is handed to {@link GraphQl}. Returns false when the
   * text is not valid JSON (values read before the error are kept).
   */
  static boolean json(String text, InspectionLimits limits, Inputs in, boolean graphqlPath) {
    Deque<String> path = new ArrayDeque<>();
    try (JsonParser p = JSON.createParser(text)) {
      String field = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (in.full()) {
          return true;
        }
        switch (t) {
          case START_OBJECT, START_ARRAY -> {
            if (path.size() >= limits.maxDepth()) {
              in.markLimited();
              p.skipChildren();
              field = null;
              continue;
            }
            path.push(field == null ? (path.isEmpty() ? "" : path.peek()) : join(path, field));
            field = null;
          }
          case END_OBJECT, END_ARRAY -> {
            if (!path.isEmpty()) {
              path.pop();
            }
            field = null;
          }
          case FIELD_NAME -> {
            field = p.currentName();
            in.addName(
                Placement.JSON_KEY, InputExtractor.shortName(join(path, field)), field, false);
          }
          case VALUE_STRING -> {
            String name = field == null ? (path.isEmpty() ? "" : path.peek()) : join(path, field);
            String value = p.getText();
            if ("query".equals(field)
                && path.size() == 1
                && (graphqlPath || GraphQl.looksLikeDocument(value))) {
              GraphQl.extract(value, name, in);
            } else {
              in.addDecoded(Placement.JSON, InputExtractor.shortName(name), value, true);
            }
            field = null;
          }
          default -> field = null;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String join(Deque<String> path, String field) {
    String parent = path.isEmpty() ? "" : path.peek();
    return parent.isEmpty() ? field : parent + "." + field;
  }

  /** The boundary parameter of a multipart content type, or empty. */
  static String boundary(String contentType) {
    int at = contentType.indexOf("boundary=");
    if (at < 0) {
      return "";
    }
    String b = contentType.substring(at + "boundary=".length());
    int semi = b.indexOf(';');
    if (semi >= 0) {
      b = b.substring(0, semi);
    }
    b = b.strip();
    if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
      b = b.substring(1, b.length() - 1);
    }
    return b;
  }

  /** {@code multipart/form-data}: each part's value and file name. */
  static final class Multipart {
    private Multipart() {}

    static boolean parse(String text, String boundary, InspectionLimits limits, Inputs in) {
      if (boundary.isEmpty()) {
        return false;
      }
      // the content type was lower-cased; boundaries are case-sensitive, so find it in the body
      String delimiter = "--" + boundary;
      int at = indexOfIgnoreCase(text, delimiter, 0);
      if (at < 0) {
        return false;
      }
      delimiter = text.substring(at, at + delimiter.length());
      int parts = 0;
      while (at >= 0 && !in.full()) {
        int headersStart = at + delimiter.length();
        if (text.startsWith("--", headersStart)) {
          break;
        }
        int headersEnd = text.indexOf("\r\n\r\n", headersStart);
        int sep = 4;
        if (headersEnd < 0) {
          headersEnd = text.indexOf("\n\n", headersStart);
          sep = 2;
        }
        if (headersEnd < 0) {
          break;
        }
        int next = text.indexOf(delimiter, headersEnd + sep);
        int contentEnd = next < 0 ? text.length() : next;
        String headers = text.substring(headersStart, headersEnd);
        String content = text.substring(headersEnd + sep, contentEnd);
        if (content.endsWith("\r\n")) {
          content = content.substring(0, content.length() - 2);
        } else if (content.endsWith("\n")) {
          content = content.substring(0, content.length() - 1);
        }
        part(headers, content, limits, in);
        parts++;
        at = next;
      }
      return parts > 0;
    }

    private static void part(String headers, String content, InspectionLimits limits, Inputs in) {
      String lower = headers.toLowerCase(java.util.Locale.ROOT);
      String name = parameter(headers, lower, "name");
      String filename = parameter(headers, lower, "filename");
      if (name != null) {
        in.addName(Placement.FORM_NAME, "", name, false);
      }
      if (filename != null) {
        in.add(
            Placement.FILE_NAME,
            InputExtractor.shortName(name + ".filename"),
            filename,
            false,
            true);
      }
      int ct = lower.indexOf("content-type:");
      String partType = "";
      if (ct >= 0) {
        int eol = lower.indexOf('\n', ct);
        partType = lower.substring(ct + 13, eol < 0 ? lower.length() : eol).strip();
      }
      if (isBinary(partType)) {
        // a script declared as an image is still a script: inspect the text inside the bytes
        String printable = Printable.runs(content);
        if (!printable.isEmpty()) {
          in.add(
              Placement.MULTIPART,
              InputExtractor.shortName(name == null ? "" : name),
              printable,
              false,
              false);
        }
        return;
      }
      if (partType.contains("json")) {
        if (!Bodies.json(content, limits, in, false)) {
          in.add(
              Placement.MULTIPART,
              InputExtractor.shortName(name == null ? "" : name),
              content,
              false,
              false);
        }
      } else if (partType.contains("xml") || partType.contains("svg")) {
        Xml.extract(content, in);
      } else {
        in.add(
            Placement.MULTIPART,
            InputExtractor.shortName(name == null ? "" : name),
            content,
            false,
            true);
      }
    }

    /** A {@code name="value"} parameter of Content-Disposition, or null. */
    private static String parameter(String headers, String lower, String key) {
      int from = 0;
      while (true) {
        int at = lower.indexOf(key + "=", from);
        if (at < 0) {
          return null;
        }
        char before = at == 0 ? ';' : lower.charAt(at - 1);
        if (before != ';' && before != ' ' && before != '\t') {
          from = at + 1;
          continue;
        }
        int start = at + key.length() + 1;
        if (start < headers.length() && headers.charAt(start) == '"') {
          int end = headers.indexOf('"', start + 1);
          return headers.substring(start + 1, end < 0 ? headers.length() : end);
        }
        int end = start;
        while (end < headers.length()
            && headers.charAt(end) != ';'
            && headers.charAt(end) != '\r'
            && headers.charAt(end) != '\n') {
          end++;
        }
        return headers.substring(start, end).strip();
      }
    }

    private static int indexOfIgnoreCase(String text, String needle, int from) {
      for (int i = from; i + needle.length() <= text.length(); i++) {
        if (text.regionMatches(true, i, needle, 0, needle.length())) {
          return i;
        }
      }
      return -1;
    }
  }

  /** XML: the raw document (for XXE), then text nodes and attribute values. */
  static final class Xml {
    private Xml() {}

    static void extract(String text, Inputs in) {
      in.add(Placement.XML, "document", text, false, false);
      int i = 0;
      int n = text.length();
      while (i < n && !in.full()) {
        int lt = text.indexOf('<', i);
        int end = lt < 0 ? n : lt;
        if (end > i) {
          String node = text.substring(i, end).strip();
          if (!node.isEmpty()) {
            in.add(Placement.XML, "text", node, false, true);
          }
        }
        if (lt < 0) {
          break;
        }
        if (text.startsWith("<![CDATA[", lt)) {
          int close = text.indexOf("]]>", lt + 9);
          int stop = close < 0 ? n : close;
          in.add(Placement.XML, "cdata", text.substring(lt + 9, stop), false, true);
          i = close < 0 ? n : close + 3;
          continue;
        }
        int gt = text.indexOf('>', lt);
        if (gt < 0) {
          break;
        }
        attributes(text.substring(lt + 1, gt), in);
        i = gt + 1;
      }
    }

    private static void attributes(String tag, Inputs in) {
      int i = 0;
      while (i < tag.length()) {
        int q = indexOfQuote(tag, i);
        if (q < 0) {
          return;
        }
        char quote = tag.charAt(q);
        int close = tag.indexOf(quote, q + 1);
        if (close < 0) {
          return;
        }
        in.add(Placement.XML, "attribute", tag.substring(q + 1, close), false, false);
        i = close + 1;
      }
    }

    private static int indexOfQuote(String s, int from) {
      for (int i = from; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
          return i;
        }
      }
      return -1;
    }
  }

  /**
   * GraphQL documents: the syntax itself ({@code { user(id: 1) { name } }}) is not inspected, as
   * its braces and parentheses look like template and code injection; the string literals in it
   * are, since that is where input goes when clients do not use variables.
   */
  static final class GraphQl {
    private GraphQl() {}

    /** Whether a {@code query} field holds a GraphQL document rather than a search string. */
    static boolean looksLikeDocument(String value) {
      String v = value.stripLeading();
      if (v.startsWith("{")) {
        return true;
      }
      if (v.indexOf('{') < 0) {
        return false;
      }
      for (String keyword : new String[] {"query", "mutation", "subscription", "fragment"}) {
        if (v.startsWith(keyword)
            && v.length() > keyword.length()
            && " \t\n\r{(".indexOf(v.charAt(keyword.length())) >= 0) {
          return true;
        }
      }
      return false;
    }

    static void extract(String document, String name, Inputs in) {
      int i = 0;
      while (i < document.length() && !in.full()) {
        int q = document.indexOf('"', i);
        if (q < 0) {
          return;
        }
        boolean block = document.startsWith("\"\"\"", q);
        int start = q + (block ? 3 : 1);
        int end = start;
        if (block) {
          end = document.indexOf("\"\"\"", start);
          end = end < 0 ? document.length() : end;
        } else {
          while (end < document.length() && document.charAt(end) != '"') {
            end += document.charAt(end) == '\\' ? 2 : 1;
          }
          end = Math.min(end, document.length());
        }
        in.add(
            Placement.JSON,
            InputExtractor.shortName(name),
            document.substring(start, end),
            false,
            true);
        i = end + (block ? 3 : 1);
      }
    }
  }
}
