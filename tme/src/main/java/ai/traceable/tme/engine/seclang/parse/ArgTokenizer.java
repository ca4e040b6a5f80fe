package ai.traceable.tme.engine.seclang.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a logical line into words as httpd does for directive arguments: words are separated by
 * whitespace; a word that starts with a double or single quote runs to the matching quote, and
 * inside it a backslash before that quote or before another backslash is dropped. Every other
 * backslash is kept, so regular expressions such as {@code \d} reach the operator unchanged.
 */
final class ArgTokenizer {

  private ArgTokenizer() {}

  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (true) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return words;
      }
      char c = text.charAt(i);
      StringBuilder word = new StringBuilder();
      if (c == '"' || c == '\'') {
        i = quoted(text, i, c, word);
      } else {
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          i = unescapeOne(text, i, (char) 0, word);
        }
      }
      words.add(word.toString());
    }
  }

  private static int quoted(String text, int open, char quote, StringBuilder word) {
    int i = open + 1;
    int n = text.length();
    while (i < n && text.charAt(i) != quote) {
      i = unescapeOne(text, i, quote, word);
    }
    if (i >= n) {
      throw new IllegalArgumentException("missing closing " + quote + " quote");
    }
    return i + 1;
  }

  private static int unescapeOne(String text, int i, char quote, StringBuilder word) {
    char c = text.charAt(i);
    if (c == '\\' && i + 1 < text.length()) {
      char next = text.charAt(i + 1);
      if (next == '\\' || (quote != 0 && next == quote)) {
        word.append(next);
        return i + 2;
      }
    }
    word.append(c);
    return i + 1;
  }
}
