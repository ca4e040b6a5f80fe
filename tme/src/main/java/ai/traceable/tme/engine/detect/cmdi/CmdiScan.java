package ai.traceable.tme.engine.detect.cmdi;

import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.AT_START;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.CHAINED;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.CODE_IN_TEXT;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.COMMAND_WORD;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.EVASION;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.GLOB_PATH;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.IN_TEXT;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.JAVA_CODE;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.NODE_CODE;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.PHP_CODE;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.PHP_TAG;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.PYTHON_CODE;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.REVERSE_SHELL;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.RUBY_CODE;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.SHELLSHOCK;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.SUBSTITUTION;
import static ai.traceable.tme.engine.detect.cmdi.CmdiDetector.WINDOWS_EXEC;

import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.FoundRules;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.inspect.Placement;

/**
 * The inspection of one value for {@link CmdiDetector}: shellshock, code-execution calls, the
 * signatures that need no context, then every place a shell would start a command. Not thread-safe;
 * one per inspected value.
 */
final class CmdiScan {
  /** Command sites judged per value at most. */
  private static final int MAX_SITES = 64;

  /** Where a command may start. */
  private enum Sep {
    START,
    SEMI,
    PIPE,
    OR,
    AMP,
    AND,
    NEWLINE,
    BACKTICK,
    SUBST
  }

  /** How a command word was written. */
  private record CommandWord(Commands.Cmd cmd, boolean glob, boolean absolute, boolean dropped) {}

  private final Placement placement;
  final FoundRules found = new FoundRules(CmdiDetector.TABLE);
  private long work;

  // the decoded value, for the questions about the whole text
  private String decodedText;
  private boolean counted;
  private boolean document;
  private int totalWords;

  // the normalised value
  private ShellText text;
  private CommandArguments args;
  private int sites;
  private boolean startsWithBrace;

  /** The value starts with a command or developer tool and its arguments: a command line. */
  private boolean commandLine;

  /** Where the command after the separator found by {@link #separatorAt} may start. */
  private int siteStart;

  CmdiScan(Placement placement) {
    this.placement = placement;
  }

  /** Characters examined so far. */
  long work() {
    return work + (text == null ? 0 : text.work);
  }

  private void record(DetectionRule rule, String s, int at) {
    found.record(rule, s, at);
  }

  void run(String decoded, String lower) {
    shellshock(decoded);
    if (found.critical()) {
      return;
    }
    decodedText = decoded;
    if (CodeCalls.candidate(lower)) {
      codeCalls(lower);
    }
    if (!found.critical()) {
      shell(decoded);
    }
  }

  private void codeCalls(String lower) {
    CodeCalls.Found f = new CodeCalls.Found();
    CodeCalls.scan(lower, f);
    work += lower.length();
    if (f.lang != null) {
      DetectionRule r =
          switch (f.lang) {
            case PHP -> PHP_CODE;
            case PYTHON -> PYTHON_CODE;
            case NODE -> NODE_CODE;
            case JAVA -> JAVA_CODE;
            case RUBY -> RUBY_CODE;
          };
      record(document() ? CODE_IN_TEXT : r, lower, f.at);
    }
    if (f.phpTagAt >= 0) {
      record(PHP_TAG, lower, f.phpTagAt);
    }
  }

  /**
   * A function definition <code>() {</code> at the start of a value or after {@code =}, or <code>
   * () { :</code> anywhere.
   */
  private void shellshock(String d) {
    int i = d.indexOf("()");
    while (i >= 0) {
      work++;
      int j = Text.skipBlanks(d, i + 2);
      if (j < d.length() && d.charAt(j) == '{') {
        int b = i - 1;
        while (b >= 0 && (d.charAt(b) == ' ' || d.charAt(b) == '\t')) {
          b--;
        }
        int k = Text.skipBlanks(d, j + 1);
        boolean colon = k < d.length() && d.charAt(k) == ':';
        if (b < 0 || d.charAt(b) == '=' || colon) {
          record(SHELLSHOCK, d, i);
          return;
        }
      }
      i = d.indexOf("()", i + 2);
    }
  }

  // ---------------------------------------------------------------- the whole text

  /** Whether the value is multi-line text (three lines or more, six words or more). */
  private boolean document() {
    if (!counted) {
      countLinesAndWords(decodedText);
    }
    return document;
  }

  private int totalWords() {
    if (!counted) {
      countLinesAndWords(decodedText);
    }
    return totalWords;
  }

  private void countLinesAndWords(String d) {
    counted = true;
    int lines = 0;
    boolean content = false;
    int words = 0;
    int tokenStart = -1;
    for (int i = 0; i <= d.length(); i++) {
      char c = i < d.length() ? d.charAt(i) : '\n';
      boolean blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (blank) {
        if (tokenStart >= 0) {
          if (ShellText.isWord(d, tokenStart, i)) {
            words++;
          }
          tokenStart = -1;
        }
        if (c == '\n' || c == '\r') {
          if (content) {
            lines++;
          }
          content = false;
        }
      } else {
        content = true;
        if (tokenStart < 0) {
          tokenStart = i;
        }
      }
    }
    work += d.length();
    totalWords = words;
    document = lines >= 3 && words >= 6;
  }

  // ---------------------------------------------------------------- shell

  private void shell(String decoded) {
    text = new ShellText(decoded);
    args = new CommandArguments(text);
    work += 2L * text.n;
    signatures();
    if (found.critical()) {
      return;
    }
    int first = text.skipSpaces(0);
    startsWithBrace = decoded.stripLeading().startsWith("{");
    if (placement != Placement.PATH) {
      commandLine = startsWithTool(first);
      site(Sep.START, -1, 0);
    }
    for (int i = 0; i < text.n && !found.critical() && sites < MAX_SITES; i++) {
      work++;
      Sep sep = maySeparate(text.tl.charAt(i)) ? separatorAt(i) : null;
      if (sep != null) {
        site(sep, i, siteStart);
        i = siteStart - 1;
      }
    }
    if (!found.critical()) {
      int glob = Glob.firstResolving(text);
      if (glob >= 0) {
        record(GLOB_PATH, text.t, glob);
      }
    }
  }

  /** Reverse shells and Windows launchers, on the normalised lower-case text. */
  private void signatures() {
    if (!ShellSignatures.possible(text.tl)) {
      return;
    }
    int at = ShellSignatures.reverseShell(text.tl);
    work += 8L * text.n;
    if (at >= 0) {
      record(REVERSE_SHELL, text.t, at);
      return;
    }
    int win = ShellSignatures.windowsLauncher(text.tl);
    if (win >= 0) {
      record(document() ? IN_TEXT : WINDOWS_EXEC, text.t, win);
    }
  }

  /** Whether {@code c} can start a separator ({@link #separatorAt} decides). */
  private static boolean maySeparate(char c) {
    return switch (c) {
      case ';', '|', '&', '\n', '\r', '`', '$', '<', '>' -> true;
      default -> false;
    };
  }

  /**
   * The separator at {@code i} after which a command may start, with {@link #siteStart} set to
   * where; null when {@code i} holds none.
   */
  private Sep separatorAt(int i) {
    String tl = text.tl;
    int n = text.n;
    char next = i + 1 < n ? tl.charAt(i + 1) : 0;
    siteStart = i + 1;
    switch (tl.charAt(i)) {
      case ';' -> {
        return i > 0 && tl.charAt(i - 1) == '\\' ? null : Sep.SEMI;
      }
      case '|' -> {
        if (next == '|') {
          siteStart = i + 2;
          return Sep.OR;
        }
        return Sep.PIPE;
      }
      case '&' -> {
        if (next == '&') {
          siteStart = i + 2;
          return Sep.AND;
        }
        boolean redirect = i > 0 && (tl.charAt(i - 1) == '>' || tl.charAt(i - 1) == '<');
        return redirect || next == '>' ? null : Sep.AMP;
      }
      case '\n', '\r' -> {
        while (siteStart < n && (tl.charAt(siteStart) == '\n' || tl.charAt(siteStart) == '\r')) {
          siteStart++;
        }
        return Sep.NEWLINE;
      }
      case '`' -> {
        return Sep.BACKTICK;
      }
      case '$' -> {
        if (next == '(' && (i + 2 >= n || tl.charAt(i + 2) != '(')) {
          siteStart = i + 2;
          return Sep.SUBST;
        }
        return null;
      }
      case '<', '>' -> {
        if (next == '(') {
          siteStart = i + 2;
          return Sep.SUBST;
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Whether the value starts with a command word followed by a blank or the end, possibly after a
   * label ({@code Run: npm ci && npm test}).
   */
  private boolean startsWithTool(int from) {
    String tl = text.tl;
    int n = text.n;
    int label = from;
    while (label < n && label - from < 16 && Character.isLetter(tl.charAt(label))) {
      label++;
    }
    if (label > from && label + 1 < n && tl.charAt(label) == ':' && tl.charAt(label + 1) == ' ') {
      from = text.skipSpaces(label + 1);
    }
    int e = text.wordEnd(from);
    if (e == from || (e < n && tl.charAt(e) != ' ')) {
      return false;
    }
    return Commands.startsCommandLine(tl.substring(from, Math.min(e, from + 16)));
  }

  // ---------------------------------------------------------------- command sites

  /** Looks at the command that may start at {@code from}, after separator {@code sep}. */
  private void site(Sep sep, int sepPos, int from) {
    int ws = commandStart(from);
    int we = text.wordEnd(ws);
    if (we == ws) {
      return;
    }
    work += we - ws;
    CommandWord word = commandWord(ws, we);
    if (word == null) {
      return;
    }
    int glue = text.norm.glue(ws, we);
    if (glue == ShellNormalizer.CONTRACTION) {
      return; // "i'd", not a command
    }
    Commands.Cmd cmd = word.cmd();
    if (cmd != null
        && !cmd.windows()
        && !word.absolute()
        && !word.glob()
        && text.hasUpper(ws, we)) {
      return; // "ID", "Cat": a label or a name, not a Unix command
    }
    args.classify(we);
    if (!accepted(sep, word, glue)) {
      if (sep != Sep.START && args.kind != 0) {
        record(COMMAND_WORD, text.t, ws);
      }
      return;
    }
    sites++;
    record(judge(sep, sepPos, word, glue), text.t, ws);
  }

  /** Where the command word after {@code from} starts: past brackets and prefixes like sudo. */
  private int commandStart(int from) {
    String tl = text.tl;
    int n = text.n;
    int j = from;
    while (j < n && (tl.charAt(j) == ' ' || tl.charAt(j) == '(' || tl.charAt(j) == '{')) {
      j++;
    }
    for (int p = 0; p < 2; p++) {
      int we = text.wordEnd(j);
      if (we - j >= 3
          && we - j <= 8
          && we < n
          && tl.charAt(we) == ' '
          && Commands.PREFIXES.contains(tl.substring(j, we))) {
        int next = text.skipSpaces(we);
        int ne = text.wordEnd(next);
        if (ne > next && (tl.charAt(next) == '/' || Commands.lookup(tl, next, ne) != null)) {
          j = next; // sudo id: the command is the word after the prefix
          continue;
        }
      }
      break;
    }
    return j;
  }

  /** The command {@code tl[ws, we)} names, or null when it names none and is no dropped file. */
  private CommandWord commandWord(int ws, int we) {
    String tl = text.tl;
    char first = tl.charAt(ws);
    boolean path =
        first == '/'
            || first == '~'
            || (first == '.' && ws + 1 < text.n && tl.charAt(ws + 1) == '/');
    if (!path) {
      Commands.Cmd cmd = Commands.lookup(tl, ws, we);
      return cmd == null ? null : new CommandWord(cmd, false, false, false);
    }
    if (Glob.hasWildcard(tl, ws, we)) {
      String target = Glob.target(text, ws, we);
      Commands.Cmd cmd =
          target == null ? null : Commands.lookup(target.substring(target.lastIndexOf('/') + 1));
      return cmd == null ? null : new CommandWord(cmd, true, false, false);
    }
    Commands.Cmd cmd = null;
    boolean dropped = false;
    int slash = tl.lastIndexOf('/', we - 1);
    if (slash > ws) {
      for (String dir : Commands.BIN_DIRS) {
        if (slash + 1 - ws == dir.length() && tl.startsWith(dir, ws)) {
          cmd = Commands.lookup(tl, slash + 1, we);
        }
      }
      for (String dir : Commands.DROP_DIRS) {
        if (tl.startsWith(dir, ws) && slash + 1 < we) {
          dropped = true;
        }
      }
    }
    return cmd == null && !dropped ? null : new CommandWord(cmd, false, cmd != null, dropped);
  }

  /** Whether what follows the command word makes it a command rather than a word. */
  private boolean accepted(Sep sep, CommandWord word, int glue) {
    boolean accepted =
        word.dropped()
            ? (args.kind & (Commands.END | Commands.SEP | Commands.OPT | Commands.REDIR)) != 0
            : word.cmd().accepts(args.kind, args.word, args.numberEnds);
    ShellNormalizer.Result norm = text.norm;
    // ;echo${IFS}word: nobody writes a sentence that way
    return accepted
        || (args.kind != 0
            && sep != Sep.START
            && (norm.usedIfs() || glue == ShellNormalizer.GLUED));
  }

  /** The rule an accepted command deserves, by where and how it was written. */
  private DetectionRule judge(Sep sep, int sepPos, CommandWord word, int glue) {
    ShellNormalizer.Result norm = text.norm;
    boolean glued = word.glob() || glue == ShellNormalizer.GLUED || norm.usedIfs();
    if (sep == Sep.START) {
      boolean braced = norm.usedBraceExpansion() && startsWithBrace;
      return glued || braced ? EVASION : AT_START;
    }
    if (glued || norm.usedBraceExpansion()) {
      return EVASION;
    }
    DetectionRule strong = sep == Sep.BACKTICK || sep == Sep.SUBST ? SUBSTITUTION : CHAINED;
    return inContext(sep, sepPos, word.cmd()) ? IN_TEXT : strong;
  }

  /** Whether the command sits in prose, code text or a URL, where it is not an injection. */
  private boolean inContext(Sep sep, int sepPos, Commands.Cmd cmd) {
    if (document()) {
      return true;
    }
    if (commandLine && sep != Sep.BACKTICK && sep != Sep.SUBST) {
      return true; // "cd /srv && ls -la": a whole command line someone is talking about
    }
    String tl = text.tl;
    boolean glued = sepPos > 0 && !ShellText.isBlank(tl.charAt(sepPos - 1));
    if (sep == Sep.BACKTICK || sep == Sep.SUBST) {
      if (glued) {
        return false;
      }
      if (sep == Sep.BACKTICK && totalWords() >= 2 && tl.indexOf('`', sepPos + 1) > 0) {
        return true; // a Markdown code span in a sentence
      }
    }
    if (cmd != null
        && cmd.weak()
        && (args.kind == Commands.END || args.kind == Commands.SEP)
        && (text.plainWordBefore(sepPos) || text.sameSeparatorBefore(sepPos))) {
      return true; // name|id, user\nid, a|b|id: a list of words, not a command
    }
    if (sep == Sep.NEWLINE && text.tokensIn(text.lineStart(sepPos), sepPos) > 1) {
      return true;
    }
    if (sep == Sep.AMP && glued && queryString(sepPos)) {
      return true; // a=1&id: a query string
    }
    int before = text.wordsIn(text.lineStart(sepPos), sepPos, true);
    int after = text.wordsIn(args.end, text.lineEnd(args.end), false);
    return before >= 3 || (before >= 1 && before + after >= 4);
  }

  /** Whether the {@code &} at {@code sepPos}, glued to both sides, joins query parameters. */
  private boolean queryString(int sepPos) {
    String tl = text.tl;
    if (sepPos + 1 >= text.n || ShellText.isBlank(tl.charAt(sepPos + 1))) {
      return false;
    }
    int k = sepPos - 1;
    while (k >= 0 && sepPos - k <= ShellText.NEAR && !ShellText.isBlank(tl.charAt(k))) {
      char c = tl.charAt(k);
      if (c == '=' || c == '?') {
        return true;
      }
      k--;
    }
    work += sepPos - k;
    return false;
  }
}
