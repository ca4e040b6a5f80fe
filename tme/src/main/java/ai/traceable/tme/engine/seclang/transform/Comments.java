package ai.traceable.tme.engine.seclang.transform;

/**
 * The three comment transformations, each as ModSecurity defines it:
 *
 * <ul>
 *   <li>{@code replaceComments}: each C comment {@code /* ... *}{@code /} becomes one space; an
 *       unterminated one runs to the end and also becomes a space. A lone {@code *}{@code /} stays.
 *   <li>{@code removeComments}: C comments and HTML comments {@code <!-- ... -->} are removed (an
 *       unterminated one becomes a space), and {@code --} or {@code #} cuts the value off there.
 *       ModSecurity copies the character right after a comment's end without looking at it, so
 *       {@code /*a*}{@code //*b*}{@code /} gives {@code /*b*}{@code /}, and a comment that closes
 *       at the very end leaves a NUL byte (the C string's terminator); both are kept.
 *   <li>{@code removeCommentsChar}: only the markers are removed: {@code /*}, {@code *}{@code /},
 *       {@code <!--}, {@code -->}, {@code --} and {@code #}.
 * </ul>
 */
final class Comments implements Transformation {
  enum Kind {
    REPLACE("replaceComments"),
    REMOVE("removeComments"),
    REMOVE_CHARS("removeCommentsChar");

    private final String transformationName;

    Kind(String transformationName) {
      this.transformationName = transformationName;
    }
  }

  private final Kind kind;

  Comments(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind.transformationName;
  }

  @Override
  public String apply(String s) {
    return switch (kind) {
      case REPLACE -> s.contains("/*") ? replace(s) : s;
      case REMOVE -> remove(s);
      case REMOVE_CHARS -> removeMarkers(s);
    };
  }

  private static String replace(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("/*", i)) {
        int close = s.indexOf("*/", i + 2);
        out.append(' ');
        if (close < 0) {
          break;
        }
        i = close + 2;
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }

  private static String remove(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int n = s.length();
    int i = 0;
    while (i < n) {
      int body;
      if (s.startsWith("/*", i)) {
        body = i + 2;
      } else if (s.startsWith("<!--", i)) {
        body = i + 4;
      } else if (s.startsWith("--", i) || s.charAt(i) == '#') {
        return out.toString();
      } else {
        out.append(s.charAt(i++));
        continue;
      }
      // inside a comment, whichever closing marker comes first ends it
      int closeC = s.indexOf("*/", body);
      int closeHtml = s.indexOf("-->", body);
      int close = firstOf(closeC, closeHtml);
      if (close < 0) {
        out.append(' ');
        return out.toString();
      }
      i = close + (close == closeC ? 2 : 3);
      // ModSecurity copies the byte after the marker without a look; at the very end that byte is
      // the C string's terminator, so the result ends with a NUL
      out.append(i < n ? s.charAt(i) : '\0');
      i++;
    }
    return out.toString();
  }

  private static int firstOf(int a, int b) {
    if (a < 0) {
      return b;
    }
    return b < 0 ? a : Math.min(a, b);
  }

  private static String removeMarkers(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("/*", i) || s.startsWith("*/", i)) {
        i += 2;
      } else if (s.startsWith("<!--", i)) {
        i += 4;
      } else if (s.startsWith("-->", i)) {
        i += 3;
      } else if (s.startsWith("--", i)) {
        i += 2;
      } else if (s.charAt(i) == '#') {
        i++;
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.length() == s.length() ? s : out.toString();
  }
}
