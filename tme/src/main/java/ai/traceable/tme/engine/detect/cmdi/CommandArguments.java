package ai.traceable.tme.engine.detect.cmdi;

import ai.traceable.tme.engine.detect.Chars;

/**
 * Reads what follows a command word, so that {@link Commands.Cmd#accepts} can tell a command
 * ({@code cat /etc/passwd}, {@code sleep 5}) from a word in a sentence ({@code cat lovers}): the
 * kind of the first argument, as one of the {@link Commands} kinds, its text when it is a word,
 * whether a number ends the command, and where the argument ends. One instance is reused for every
 * command word of a value; {@link #classify} overwrites the previous reading.
 */
final class CommandArguments {
  private final ShellText text;
  private final String tl;
  private final int n;

  /** The kind of the argument ({@link Commands#END}, {@link Commands#PATH}, ...), 0 for none. */
  int kind;

  /** The argument's first word (up to 24 characters) when it starts with a letter, else null. */
  String word;

  /** For a number: whether the command ends right after it ({@code sleep 5;}). */
  boolean numberEnds;

  /** Where the argument ends. */
  int end;

  CommandArguments(ShellText text) {
    this.text = text;
    this.tl = text.tl;
    this.n = text.n;
  }

  /** Classifies what follows the command word ending at {@code we}. */
  void classify(int we) {
    kind = 0;
    word = null;
    numberEnds = false;
    int a = we;
    while (a < n && tl.charAt(a) == ' ') {
      a++;
    }
    boolean spaced = a > we;
    end = a;
    if (a >= n) {
      kind = Commands.END;
      return;
    }
    char c = tl.charAt(a);
    if (!spaced && !(ShellText.isSeparator(c) || ShellText.isCloser(c) || c == '>' || c == '<')) {
      return;
    }
    kind = kindAt(a, c);
    if (end == a) {
      end = Math.min(n, a + 1);
    }
  }

  /** The kind of the argument starting with {@code c} at {@code a}. */
  private int kindAt(int a, char c) {
    if (ShellText.isCloser(c) || c == '#') {
      return Commands.END;
    }
    if (ShellText.isSeparator(c)) {
      return separatorThenCommand(a) ? Commands.SEP : 0;
    }
    char d = a + 1 < n ? tl.charAt(a + 1) : 0;
    return switch (c) {
      case '-' -> a + 1 < n && (Chars.isAsciiAlnum(d) || d == '-') ? Commands.OPT : 0;
      case '+' -> a + 1 < n && Character.isLetter(d) ? Commands.OPT : 0;
      case '/', '~' -> Commands.PATH;
      case '.' -> a + 1 < n && (d == '/' || d == '.') ? Commands.PATH : 0;
      case '>', '<' -> Commands.REDIR;
      case '$' -> Commands.SUBST;
      case '%' -> a + 1 < n && Character.isLetter(d) ? Commands.SUBST : 0; // %WINDIR%
      case '@' -> Commands.DOTTED;
      case '\\' -> a + 1 < n && d == '\\' ? Commands.PATH : 0;
      default -> {
        if (c >= '0' && c <= '9') {
          yield number(a);
        }
        yield c >= 'a' && c <= 'z' ? wordArgument(a) : 0;
      }
    };
  }

  private int number(int a) {
    int e = a;
    boolean dot = false;
    boolean letter = false;
    while (e < n && e - a < 64) {
      char c = tl.charAt(e);
      if (c == '.' || c == ':') {
        dot |= c == '.';
      } else if (c >= 'a' && c <= 'z') {
        letter = true;
      } else if (!(c >= '0' && c <= '9') && c != '-' && c != '_') {
        break;
      }
      e++;
    }
    end = e;
    if (e < n && (tl.charAt(e) == '>' || tl.charAt(e) == '<')) {
      return Commands.REDIR;
    }
    if (dot) {
      return Commands.DOTTED;
    }
    int k = e;
    while (k < n && tl.charAt(k) == ' ') {
      k++;
    }
    numberEnds =
        k >= n
            || ShellText.isSeparator(tl.charAt(k))
            || ShellText.isCloser(tl.charAt(k))
            || (tl.charAt(k) == '#' && k > e);
    return letter ? Commands.MARK : Commands.NUM;
  }

  private int wordArgument(int a) {
    if (a + 2 < n
        && tl.charAt(a + 1) == ':'
        && (tl.charAt(a + 2) == '\\' || tl.charAt(a + 2) == '/')) {
      end = a + 3;
      return Commands.PATH;
    }
    int e = a;
    int wordEnd = -1;
    boolean digit = false;
    boolean dotted = false;
    boolean scheme = false;
    while (e < n && e - a < 256) {
      char c = tl.charAt(e);
      if (c == ' ' || ShellText.isSeparator(c) || ShellText.isCloser(c) || c == '\n') {
        break;
      }
      if (wordEnd < 0 && !Chars.isLowerWordChar(c)) {
        wordEnd = e;
      }
      if (c >= '0' && c <= '9' && wordEnd < 0) {
        digit = true;
      }
      if (c == '.' && e + 1 < n && Chars.isAsciiAlnum(tl.charAt(e + 1)) && e > a) {
        dotted = true;
      }
      if (c == ':' && e + 2 < n && tl.charAt(e + 1) == '/' && tl.charAt(e + 2) == '/') {
        scheme = true;
      }
      e++;
    }
    text.work += e - a;
    end = e;
    if (wordEnd < 0) {
      wordEnd = e;
    }
    if (scheme || dotted) {
      return Commands.DOTTED;
    }
    if (wordEnd == e) {
      word = tl.substring(a, Math.min(e, a + 24));
      return digit ? Commands.MARK : Commands.WORD;
    }
    word = tl.substring(a, Math.min(wordEnd, a + 24));
    if (tl.charAt(wordEnd) != '=' && tl.charAt(wordEnd) != ':') {
      return digit ? Commands.MARK : Commands.WORD;
    }
    return 0;
  }

  /** Whether the separator run at {@code a} is followed by the end or by another command. */
  private boolean separatorThenCommand(int a) {
    int j = a;
    while (j < n && j - a < 64 && (ShellText.isSeparator(tl.charAt(j)) || tl.charAt(j) == ' ')) {
      j++;
    }
    if (j >= n || ShellText.isCloser(tl.charAt(j)) || tl.charAt(j) == '#') {
      return true;
    }
    int e = text.wordEnd(j);
    if (e == j) {
      return tl.charAt(j) == '$' || tl.charAt(j) == '`';
    }
    if (tl.charAt(j) == '/') {
      int slash = tl.lastIndexOf('/', e - 1);
      return Commands.lookup(tl, slash + 1, e) != null;
    }
    return Commands.lookup(tl, j, e) != null;
  }
}
