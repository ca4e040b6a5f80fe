package ai.traceable.tme.engine.detect.xss;

import static ai.traceable.tme.engine.detect.xss.SchemeStage.SCHEME_DATA_HTML;
import static ai.traceable.tme.engine.detect.xss.SchemeStage.SCHEME_DATA_OTHER;
import static ai.traceable.tme.engine.detect.xss.SchemeStage.SCHEME_DATA_SVG;
import static ai.traceable.tme.engine.detect.xss.SchemeStage.SCHEME_SCRIPT;
import static ai.traceable.tme.engine.detect.xss.XssDetector.FRAME;
import static ai.traceable.tme.engine.detect.xss.XssDetector.HANDLER;
import static ai.traceable.tme.engine.detect.xss.XssDetector.MUTATION;
import static ai.traceable.tme.engine.detect.xss.XssDetector.PLUGIN;
import static ai.traceable.tme.engine.detect.xss.XssDetector.SCRIPT;
import static ai.traceable.tme.engine.detect.xss.XssDetector.SCRIPT_TAG;
import static ai.traceable.tme.engine.detect.xss.XssDetector.TAKEOVER;
import static ai.traceable.tme.engine.detect.xss.XssDetector.UNKNOWN_ON;
import static ai.traceable.tme.engine.detect.xss.XssDetector.URL_ATTRIBUTE;

import ai.traceable.tme.engine.detect.Chars;

/**
 * The markup stage: splits the value into tags ({@link HtmlTokenizer}) and judges each start tag by
 * its element (script, plugin and frame elements, base, meta refresh, SVG animation of handlers...)
 * and its attributes (event handlers, URL attributes with a script-capable scheme, framework
 * bindings). Attribute values that themselves contain markup are tokenized once more (mutation XSS
 * hides tags inside attributes).
 */
final class MarkupStage extends XssStage {
  private static final int MAX_SCRIPT_BODY = 256;

  MarkupStage(XssScan scan) {
    super(scan);
  }

  void inspect(int from, int to, int depth) {
    int first = from;
    while (first < to
        && !(s.charAt(first) == '<'
            && first + 1 < to
            && (HtmlTokenizer.startsTagLike(s.charAt(first + 1)) || s.charAt(first + 1) == '?'))) {
      first++;
    }
    scan.work += first - from;
    if (first >= to) {
      return;
    }
    HtmlTokenizer t =
        new HtmlTokenizer(
            s, first, to, HtmlTokenizer.DEFAULT_MAX_TAGS, HtmlTokenizer.DEFAULT_MAX_ATTRIBUTES);
    int lastEnd = first;
    for (HtmlTokenizer.Type type = t.next();
        type != HtmlTokenizer.Type.END && !scan.done;
        type = t.next()) {
      switch (type) {
        case START_TAG, PROCESSING_INSTRUCTION -> startTag(t, to, depth);
        case END_TAG -> {
          if (HtmlNames.localName(t.tagName()).equals("script")) {
            hit(SCRIPT_TAG, t.start());
          }
        }
        default -> {}
      }
      lastEnd = Math.max(lastEnd, t.end());
    }
    scan.work += t.work();
    if (t.truncated() && !scan.done) {
      // past the tag budget, still catch the one element that needs nothing else
      int at = indexOfIgnoreCase("<script", lastEnd, to);
      if (at >= 0) {
        hit(SCRIPT, at);
      }
    }
  }

  private void startTag(HtmlTokenizer t, int to, int depth) {
    String name = t.tagName();
    String local = HtmlNames.localName(name);
    boolean pi = t.type() == HtmlTokenizer.Type.PROCESSING_INSTRUCTION;
    int count = t.attributeCount();
    for (int i = 0; i < count && !scan.done; i++) {
      attribute(t, i, local);
    }
    if (scan.done) {
      return;
    }
    if (!pi) {
      element(t, local, to);
    }
    if (depth == 0) {
      for (int i = 0; i < count && !scan.done; i++) {
        int vs = t.valueStart(i);
        if (vs >= 0 && containsMarkup(vs, t.valueEnd(i))) {
          inspect(vs, t.valueEnd(i), depth + 1);
        }
      }
    }
  }

  private void attribute(HtmlTokenizer t, int i, String element) {
    int ns = t.attributeNameStart(i);
    int ne = t.attributeNameEnd(i);
    int vs = t.valueStart(i);
    int ve = t.valueEnd(i);
    if (ne - ns > 2 && lowerAt(ns) == 'o' && lowerAt(ns + 1) == 'n' && lettersOnly(ns + 2, ne)) {
      if (vs >= 0 && !isBlank(vs, ve)) {
        eventHandler(t, i, ns, ne, vs, ve);
      }
      return;
    }
    if (vs < 0) {
      return;
    }
    String attr = t.attributeName(i);
    if (HtmlNames.isFrameworkBinding(attr)) {
      if (js.strongestIn(vs, ve) >= JsScanner.STRONG) {
        hit(HANDLER, ns);
      }
      return;
    }
    if (HtmlNames.URL_ATTRIBUTES.contains(attr) || attr.endsWith(":href")) {
      urlAttribute(ns, vs, ve, HtmlNames.URL_LIST_ATTRIBUTES.contains(attr), element);
    }
  }

  /** An {@code on*} attribute with a value: a known handler, or an unknown one holding code. */
  private void eventHandler(HtmlTokenizer t, int i, int ns, int ne, int vs, int ve) {
    if (HtmlNames.EVENT_HANDLERS.contains(t.attributeName(i))) {
      hit(inertHandler(vs, ve) ? UNKNOWN_ON : HANDLER, ns);
    } else if (ne - ns >= 5 && (js.hasCall(vs, ve) || js.strongestIn(vs, ve) > 0)) {
      hit(HANDLER, ns);
    } else {
      hit(UNKNOWN_ON, ns);
    }
  }

  /** A URL attribute (or each URL of a list attribute) with a script-capable scheme. */
  private void urlAttribute(int ns, int vs, int ve, boolean list, String element) {
    int p = vs;
    while (p <= ve && !scan.done) {
      int kind = scan.schemes().scheme(p, ve);
      if (kind == SCHEME_SCRIPT && !scan.schemes().isNoOp(scan.schemes().schemeRest, ve)) {
        hit(URL_ATTRIBUTE, ns);
      } else if (kind == SCHEME_DATA_HTML || kind == SCHEME_DATA_OTHER) {
        hit(URL_ATTRIBUTE, ns);
      } else if (kind == SCHEME_DATA_SVG && !HtmlNames.IMAGE_ELEMENTS.contains(element)) {
        hit(URL_ATTRIBUTE, ns);
      }
      if (!list) {
        break;
      }
      int from = p;
      while (p < ve && s.charAt(p) != ';' && s.charAt(p) != ',') {
        p++;
      }
      scan.work += p - from + 1;
      p++;
    }
  }

  private void element(HtmlTokenizer t, String local, int to) {
    switch (local) {
      case "script" -> script(t, to);
      case "iframe", "frame" -> frame(t);
      case "object", "embed", "applet", "param" -> plugin(t, local);
      case "frameset", "isindex" -> hit(PLUGIN, t.start());
      case "portal" -> {
        if (hasValue(t, "src")) {
          hit(PLUGIN, t.start());
        }
      }
      case "base" -> {
        if (hasValue(t, "href")) {
          hit(TAKEOVER, t.start());
        }
      }
      case "meta" -> meta(t);
      case "link" -> {
        if (valueContains(t, "rel", "import")) {
          hit(TAKEOVER, t.start());
        }
      }
      case "animate", "set", "animatemotion", "animatetransform" -> animation(t);
      case "template",
          "xmp",
          "noembed",
          "noframes",
          "noscript",
          "plaintext",
          "listing",
          "mglyph",
          "malignmark" ->
          hit(MUTATION, t.start());
      default -> {}
    }
  }

  private void script(HtmlTokenizer t, int to) {
    if (!runsScript(t)) {
      hit(SCRIPT_TAG, t.start());
    } else if (hasValue(t, "src") || hasValue(t, "href") || hasValue(t, "xlink:href")) {
      hit(SCRIPT, t.start());
    } else if (!t.unterminated() && scriptBodyHasCode(t.end(), to)) {
      hit(SCRIPT, t.start());
    } else {
      hit(SCRIPT_TAG, t.start());
    }
  }

  /** A frame is a warning; one whose {@code srcdoc} holds markup writes a page of its own. */
  private void frame(HtmlTokenizer t) {
    int sd = t.attribute("srcdoc");
    if (sd >= 0 && t.valueStart(sd) >= 0 && containsMarkup(t.valueStart(sd), t.valueEnd(sd))) {
      hit(TAKEOVER, t.start());
    } else {
      hit(FRAME, t.start());
    }
  }

  private void plugin(HtmlTokenizer t, String local) {
    if (valueContains(t, "allowscriptaccess", "always")
        || (valueContains(t, "name", "allowscriptaccess") && valueContains(t, "value", "always"))
        || valueContains(t, "type", "scriptlet")) {
      hit(TAKEOVER, t.start());
    } else if (!local.equals("param") && loadsSomething(t)) {
      // only with something to load: XML documents have plain <Object> elements
      hit(PLUGIN, t.start());
    }
  }

  /** SVG animation of an {@code on*} attribute: it sets an event handler. */
  private void animation(HtmlTokenizer t) {
    int an = t.attribute("attributename");
    if (an >= 0
        && t.valueEnd(an) - t.valueStart(an) > 2
        && lowerAt(skipBlank(t.valueStart(an), t.valueEnd(an))) == 'o'
        && lowerAt(skipBlank(t.valueStart(an), t.valueEnd(an)) + 1) == 'n') {
      hit(TAKEOVER, t.start());
    }
  }

  private void meta(HtmlTokenizer t) {
    int he = t.attribute("http-equiv");
    if (he < 0 || t.valueStart(he) < 0) {
      return;
    }
    boolean refresh = containsIgnoreCase(t.valueStart(he), t.valueEnd(he), "refresh");
    boolean cookie = containsIgnoreCase(t.valueStart(he), t.valueEnd(he), "set-cookie");
    if (!refresh && !cookie) {
      return;
    }
    int ct = t.attribute("content");
    if (refresh && ct >= 0 && t.valueStart(ct) >= 0) {
      int vs = t.valueStart(ct);
      int ve = t.valueEnd(ct);
      int u = indexOfIgnoreCase("url", vs, ve);
      if (u >= 0) {
        int p = skipBlank(u + 3, ve);
        if (p < ve && s.charAt(p) == '=') {
          p = skipBlank(p + 1, ve);
          if (p < ve && JsScanner.isQuote(s.charAt(p))) {
            p++;
          }
          int kind = scan.schemes().scheme(p, ve);
          if ((kind == SCHEME_SCRIPT && !scan.schemes().isNoOp(scan.schemes().schemeRest, ve))
              || kind >= SCHEME_DATA_HTML) {
            hit(TAKEOVER, t.start());
            return;
          }
        }
      }
    }
    hit(PLUGIN, t.start());
  }

  /**
   * Whether a handler value cannot do anything: a bare reference such as {@code handleClick},
   * {@code {handleClick}} (JSX in code samples) or {@code true}, which neither calls nor assigns.
   */
  private boolean inertHandler(int from, int to) {
    int a = skipBlank(from, to);
    int b = to;
    while (b > a && s.charAt(b - 1) <= ' ') {
      b--;
    }
    if (b - a >= 2 && s.charAt(a) == '{' && s.charAt(b - 1) == '}') {
      a++;
      b--;
    }
    if (b > a && s.charAt(b - 1) == ';') {
      b--;
    }
    if (a >= b || b - a > 64) {
      return a >= b;
    }
    boolean expectIdent = true;
    for (int p = a; p < b; p++) {
      char c = s.charAt(p);
      if (c == '.' && !expectIdent) {
        expectIdent = true;
      } else if (JsScanner.isIdentPart(c)) {
        expectIdent = false;
      } else {
        return false;
      }
    }
    return !expectIdent;
  }

  /**
   * Whether the text after a script start tag, up to the next tag, holds code: a call ({@code f(},
   * {@code f`}, {@code )(}) or an assignment. Prose such as "the <script> tag (see below)" has
   * none.
   */
  private boolean scriptBodyHasCode(int from, int to) {
    int limit = Math.min(to, from + MAX_SCRIPT_BODY);
    for (int p = from; p < limit; p++) {
      char c = s.charAt(p);
      if (c == '<'
          && p + 1 < limit
          && (Chars.isAsciiLetter(s.charAt(p + 1)) || s.charAt(p + 1) == '/')) {
        scan.work += p - from;
        return false;
      }
      if (c == '=' || ((c == '(' || c == '`') && p > from && isCallee(s.charAt(p - 1)))) {
        scan.work += p - from;
        return true;
      }
    }
    scan.work += limit - from;
    return false;
  }

  /**
   * Whether a script element may run: any type except the data-block and client-template types that
   * browsers leave alone ({@code application/ld+json}, {@code text/template}, {@code
   * text/x-handlebars-template}, {@code text/html}...).
   */
  private boolean runsScript(HtmlTokenizer t) {
    int i = t.attribute("type");
    if (i < 0 || t.valueStart(i) < 0) {
      return true;
    }
    int vs = t.valueStart(i);
    int ve = t.valueEnd(i);
    for (String inert : HtmlNames.INERT_SCRIPT_TYPES) {
      if (containsIgnoreCase(vs, ve, inert)) {
        return false;
      }
    }
    return true;
  }

  private boolean loadsSomething(HtmlTokenizer t) {
    return hasValue(t, "data")
        || hasValue(t, "src")
        || hasValue(t, "code")
        || hasValue(t, "classid")
        || hasValue(t, "codebase")
        || hasValue(t, "movie")
        || hasValue(t, "type");
  }

  private boolean hasValue(HtmlTokenizer t, String attribute) {
    int i = t.attribute(attribute);
    return i >= 0 && t.valueStart(i) >= 0 && !isBlank(t.valueStart(i), t.valueEnd(i));
  }

  private boolean valueContains(HtmlTokenizer t, String attribute, String lowerNeedle) {
    int i = t.attribute(attribute);
    return i >= 0
        && t.valueStart(i) >= 0
        && containsIgnoreCase(t.valueStart(i), t.valueEnd(i), lowerNeedle);
  }
}
