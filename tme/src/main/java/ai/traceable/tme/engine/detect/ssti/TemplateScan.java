package ai.traceable.tme.engine.detect.ssti;

import static ai.traceable.tme.engine.detect.ssti.SstiDetector.BARE_PROBE;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.CODE;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.DIRECTIVE;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.DUNDER;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.EXPRESSION;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.FREEMARKER;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.INFO;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.JAVA;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.MARKUP;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.MAX_REGION;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.PROBE;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.RAZOR;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.SMARTY;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.VELOCITY;

import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.FoundRules;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.List;

/**
 * The inspection of one lower-cased value for {@link SstiDetector}: a few signatures anywhere, then
 * each template region in one forward pass, judged by its content. Not thread-safe; one per
 * inspected value.
 */
final class TemplateScan {
  /** Words that, as the whole expression, ask the engine to dump its state. */
  private static final List<String> INFO_WORDS =
      List.of(
          "config",
          "self",
          "settings",
          "_self",
          "request",
          "app",
          "dump(app)",
          "applicationscope",
          "sessionscope",
          "requestscope",
          "pagecontext",
          "facescontext",
          "smarty.version",
          "$smarty.version",
          "debug",
          "_context",
          ".version",
          ".data_model",
          "config.items()",
          "self.__dict__",
          "settings.secret_key",
          "app.request.server.all",
          "dump(_context)");

  final FoundRules found = new FoundRules(SstiDetector.TABLE);
  private final String s;
  private final int n;
  private final Placement placement;
  private long work;

  // forward-only positions of the next closer; -2: not looked up yet, -1: none further on
  private final Closer doubleBrace = new Closer("}}");
  private final Closer tagClose = new Closer("%}");
  private final Closer erbClose = new Closer("%>");
  private final Closer gt = new Closer(">");

  TemplateScan(String s, Placement placement) {
    this.s = s;
    this.n = s.length();
    this.placement = placement;
  }

  /** Characters examined so far. */
  long work() {
    return work;
  }

  private void record(DetectionRule rule, int at) {
    found.record(rule, s, at);
  }

  void run() {
    globalSignatures();
    int i = 0;
    while (i < n && !found.critical()) {
      work++;
      char c = s.charAt(i);
      char d = i + 1 < n ? s.charAt(i + 1) : 0;
      char p = i > 0 ? s.charAt(i - 1) : 0;
      int next;
      if (c == '{' && d == '{') {
        next = delimited(p == '$' || p == '#' ? i - 1 : i, i + 2, doubleBrace.at(i + 2), 2);
      } else if (c == '{' && d == '%') {
        next = delimited(i, i + 2, tagClose.at(i + 2), 2);
      } else if (c == '{'
          && (p == '$' || p == '#' || p == '*' || p == '@' || p == '%' || p == '~')) {
        next = balanced(i - 1, i + 1, '{', '}');
      } else if (c == '<' && d == '%') {
        next = erb(i);
      } else if (c == '<' && d == '#') {
        next = delimited(i, i + 2, gt.at(i + 2), 1);
      } else if (c == '@' && d == '(') {
        next = balanced(i, i + 2, '(', ')');
      } else if (c == '#' && s.startsWith("set", i + 1) && nextNonBlankIs(i + 4, '(')) {
        next = velocity(i);
      } else {
        i++;
        continue;
      }
      i = Math.max(next, i + 1);
    }
  }

  /**
   * A region closed by a fixed delimiter found at {@code close} (or -1), holding {@code
   * [contentStart, close)}. Returns where scanning resumes.
   */
  private int delimited(int start, int contentStart, int close, int closerLength) {
    if (close < 0 || close - contentStart > MAX_REGION) {
      int end = Math.min(n, contentStart + MAX_REGION);
      analyze(start, contentStart, end, false, false);
      return end;
    }
    analyze(start, contentStart, close, true, false);
    return close + closerLength;
  }

  /** A region closed by the bracket matching the opener before {@code contentStart}. */
  private int balanced(int start, int contentStart, char open, char close) {
    int depth = 1;
    int j = contentStart;
    int limit = Math.min(n, contentStart + MAX_REGION);
    while (j < limit) {
      char c = s.charAt(j);
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        break;
      }
      j++;
    }
    work += j - contentStart;
    if (j >= limit) {
      analyze(start, contentStart, limit, false, false);
      return limit;
    }
    analyze(start, contentStart, j, true, false);
    return j + 1;
  }

  private int erb(int i) {
    int close = erbClose.at(i + 2);
    if (close < 0 || close - i > MAX_REGION) {
      int end = Math.min(n, i + 2 + MAX_REGION);
      analyze(i, i + 2, end, false, true);
      return end;
    }
    analyze(i, i + 2, close, true, true);
    return close + 2;
  }

  private int velocity(int i) {
    int end = i;
    int limit = Math.min(n, i + 512);
    while (end < limit && s.charAt(end) != '\n') {
      end++;
    }
    work += end - i;
    TemplateKeywords.Match danger = TemplateKeywords.find(s, i, end);
    DetectionRule rule = danger == null ? null : danger.rule();
    if (rule == VELOCITY || rule == JAVA || rule == CODE) {
      record(VELOCITY, i);
    } else {
      record(DIRECTIVE, i);
    }
    return end;
  }

  private boolean nextNonBlankIs(int from, char c) {
    int j = from;
    while (j < n && j - from < 8 && s.charAt(j) == ' ') {
      j++;
    }
    return j < n && s.charAt(j) == c;
  }

  /**
   * The next occurrence of a closing delimiter at or after a position, remembered so that a value
   * full of openers is searched for its closer once, not once per opener (linear work overall).
   */
  final class Closer {
    private final String delimiter;
    private int next = -2;

    Closer(String delimiter) {
      this.delimiter = delimiter;
    }

    int at(int from) {
      if (next != -1 && next < from) {
        next = s.indexOf(delimiter, from);
        work += (next < 0 ? n : next) - from;
      }
      return next;
    }
  }

  /**
   * Judges the region opened at {@code start} whose content is {@code [from, to)}; {@code closed}
   * tells whether its closing delimiter was found.
   */
  private void analyze(int start, int from, int to, boolean closed, boolean erbBlock) {
    work += to - from;
    TemplateKeywords.Match danger = TemplateKeywords.find(s, from, to);
    if (danger == null && erbBlock) {
      danger = TemplateKeywords.findInCodeBlock(s, from, to);
    }
    if (danger != null) {
      record(danger.rule(), danger.at());
      return;
    }
    if (s.charAt(start) == '<' && s.charAt(start + 1) == '#') {
      if (s.startsWith("assign", from) || s.startsWith("global", from)) {
        record(DIRECTIVE, start);
      }
      return; // any other '<#' is most likely not a template
    }
    int cs = from;
    int ce = to;
    while (cs < ce && " \t\r\n{=-".indexOf(s.charAt(cs)) >= 0) {
      cs++;
    }
    while (ce > cs && " \t\r\n}-".indexOf(s.charAt(ce - 1)) >= 0) {
      ce--;
    }
    if (cs < ce) {
      content(start, to, cs, ce, closed);
    }
  }

  /** Judges the trimmed content {@code [cs, ce)} of a region without dangerous keywords. */
  private void content(int start, int to, int cs, int ce, boolean closed) {
    DetectionRule probe =
        !closed ? null : isArithmeticProbe(cs, ce) ? PROBE : isInfoProbe(cs, ce) ? INFO : null;
    if (probe != null) {
      record(probe, start);
      if (bare(start, to)) {
        record(BARE_PROBE, start);
      }
      return;
    }
    if (s.charAt(start) == '{' && s.charAt(start + 1) == '%' && s.startsWith("import ", cs)) {
      record(CODE, start);
      return;
    }
    record(isPlainMarkup(cs, ce) ? MARKUP : EXPRESSION, start);
  }

  /** {@code 7*7}, {@code 7*'7'}, {@code 1337 * 1337}: numbers joined by operators, one a star. */
  private boolean isArithmeticProbe(int from, int to) {
    int i = from;
    int numbers = 0;
    boolean star = false;
    boolean expectNumber = true;
    while (i < to) {
      char c = s.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      if (expectNumber) {
        char q = c == '\'' || c == '"' ? c : 0;
        int j = q != 0 ? i + 1 : i;
        int digits = j;
        while (j < to && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
          j++;
        }
        if (j == digits) {
          return false;
        }
        if (q != 0) {
          if (j >= to || s.charAt(j) != q) {
            return false;
          }
          j++;
        }
        numbers++;
        i = j;
        expectNumber = false;
      } else {
        if ("*+-/%".indexOf(c) < 0) {
          return false;
        }
        star |= c == '*';
        i++;
        expectNumber = true;
      }
    }
    return !expectNumber && numbers >= 2 && star;
  }

  private boolean isInfoProbe(int from, int to) {
    if (to - from > 24) {
      return false;
    }
    String content = s.substring(from, to).trim();
    return INFO_WORDS.contains(content);
  }

  /** Identifiers, dotted paths, handlebars/mustache block markers and simple tags. */
  private boolean isPlainMarkup(int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(Chars.isLowerWordChar(c)
          || c == '.'
          || c == ' '
          || c == '#'
          || c == '/'
          || c == '^'
          || c == '>'
          || c == '!'
          || c == '-'
          || c == '\t'
          || c == '\n'
          || c == '\r'
          || c == '@'
          || c == '$'
          || Character.isLetter(c))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a probe region {@code [start, end)} stands alone: in the URL, a header or a cookie
   * (where templates are never legitimate), or with no blank outside it in the value.
   */
  private boolean bare(int start, int end) {
    switch (placement) {
      case PATH, QUERY, QUERY_NAME, HEADER, COOKIE, FORM_NAME, JSON_KEY -> {
        return true;
      }
      default -> {}
    }
    for (int i = 0; i < n; i++) {
      if (i == start) {
        i = Math.min(n, end + 2) - 1;
        continue;
      }
      if (Character.isWhitespace(s.charAt(i))) {
        return false;
      }
    }
    work += n;
    return true;
  }

  private static final String[] SMARTY_SIGNS = {
    "{php}",
    "{system(",
    "{exec(",
    "{passthru(",
    "{shell_exec(",
    "{if system(",
    "{if exec(",
    "{if passthru(",
    "smarty_internal_write_file",
    "{popen(",
    "{proc_open("
  };

  /** Signatures recognised without looking for delimiters. */
  private void globalSignatures() {
    int poly = Text.firstOf(s, "${{<%[%", "{{<%[%", "<%[%'\"}}");
    if (poly >= 0) {
      // the well-known template polyglot: a probe and nothing else
      record(PROBE, poly);
      record(BARE_PROBE, poly);
    }
    int at = s.indexOf("freemarker.template.utility");
    if (at >= 0) {
      record(FREEMARKER, at);
      return;
    }
    for (String sign : SMARTY_SIGNS) {
      at = s.indexOf(sign);
      if (at >= 0) {
        record(SMARTY, at);
        return;
      }
    }
    at = Text.firstOf(s, "$class.inspect(", "$class.forname(", ".getclass().forname(");
    if (at >= 0) {
      record(VELOCITY, at);
      return;
    }
    at = s.indexOf("system.diagnostics.process");
    if (at >= 0) {
      record(RAZOR, at);
      return;
    }
    int walk = Text.firstOf(s, "__class__", "__init__", "__base__", "__mro__");
    if (walk >= 0) {
      int reach = Text.firstOf(s, "__subclasses__", "__globals__", "__builtins__", "__mro__");
      if (reach >= 0 && reach != walk) {
        record(DUNDER, Math.min(walk, reach));
        return;
      }
    }
    at = s.indexOf("{$smarty.version}");
    if (at >= 0) {
      record(INFO, at);
      if (bare(at, at + "{$smarty.version}".length() - 2)) {
        record(BARE_PROBE, at);
      }
    }
    work += 16L * n;
  }
}
