package ai.traceable.tme.engine.detect.xss;

import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.Text;

/**
 * Splits a string into HTML tokens roughly the way a browser's tokenizer does, so that the XSS
 * detector judges the markup a browser would build rather than matching patterns in the text.
 *
 * <p>The tokenizer is a pull parser: {@link #next()} advances to the next token and the accessors
 * describe it. It never fails and accepts junk the way browsers do:
 *
 * <ul>
 *   <li>start tags {@code <name ...>} whose name begins with an ASCII letter and runs until
 *       whitespace, {@code /} or {@code >} (so {@code <svg/onload=...>} is an {@code svg} tag with
 *       an {@code onload} attribute);
 *   <li>attributes separated by whitespace (space, tab, newline, form feed, carriage return) or
 *       slashes, or not separated at all after a quoted value; values double-quoted, single-quoted
 *       or unquoted; names may contain odd characters;
 *   <li>end tags {@code </name ...>}, comments {@code <!--}, {@code <![CDATA[}, other {@code <!}
 *       declarations, and processing instructions {@code <?name ...?>} (parsed like a tag so that
 *       {@code <?xml-stylesheet href=...?>} exposes its pseudo-attributes);
 *   <li>everything else is text.
 * </ul>
 *
 * <p>Where a browser would hide markup, the tokenizer leans towards showing it, because the value
 * may end up in a different context than the attacker's text suggests: comment and CDATA bodies are
 * tokenized as markup (only the opening delimiter is a token), raw-text elements such as {@code
 * <style>} and {@code <script>} do not switch to raw text (mutation XSS relies on parsers
 * disagreeing about them), a {@code <} inside a tag name or where an attribute name is expected
 * starts a new tag ({@code <scr<script>ipt>}), and a quoted attribute value that never closes is
 * scanned a second time as markup (once per tokenizer, which keeps the work linear). A tag cut off
 * by the end of the input is still reported, flagged {@link #unterminated()}, since the page around
 * a reflected value usually supplies the missing {@code >}.
 *
 * <p>Work is linear in the length of the input: every character is examined a bounded number of
 * times ({@link #work()} counts them) and after {@code maxTags} tags or {@code maxAttributes}
 * attributes the tokenizer stops ({@link #truncated()}). Tag and attribute names are lower-cased
 * (ASCII only, as browsers do); strings are only created when an accessor asks for them.
 */
public final class HtmlTokenizer {

  /** The kinds of token. */
  public enum Type {
    START_TAG,
    END_TAG,
    /** {@code <!--}, or a bogus comment such as {@code </ x>}; only the delimiter. */
    COMMENT,
    /** {@code <![CDATA[}; only the delimiter, the body is tokenized as markup. */
    CDATA,
    /** {@code <!DOCTYPE}, {@code <!ENTITY} and other {@code <!name} openings. */
    DECLARATION,
    /** {@code <?name attr=value ?>}. */
    PROCESSING_INSTRUCTION,
    TEXT,
    /** No more tokens (end of input or a limit was reached). */
    END
  }

  public static final int DEFAULT_MAX_TAGS = 10_000;
  public static final int DEFAULT_MAX_ATTRIBUTES = 50_000;

  /** Attributes recorded per tag; further ones are scanned over but not recorded. */
  static final int MAX_ATTRIBUTES_PER_TAG = 256;

  private final String s;
  private final int end;
  private final int maxTags;
  private final int maxAttributes;

  private int pos;
  private long work;
  private int tags;
  private int totalAttributes;
  private boolean truncated;
  private boolean recovered;

  /** Where an unclosed quoted value of the current tag is scanned again as markup, or -1. */
  private int reopenAt;

  private Type type = Type.END;
  private int start;
  private int tokenEnd;
  private int nameStart;
  private int nameEnd;
  private String name;
  private boolean selfClosing;
  private boolean unterminated;
  private int attributeCount;

  /** Per attribute: name start, name end, value start, value end (-1, -1 without a value). */
  private int[] attributes = new int[8 * 4];

  public HtmlTokenizer(String s) {
    this(s, 0, s.length(), DEFAULT_MAX_TAGS, DEFAULT_MAX_ATTRIBUTES);
  }

  /**
   * Tokenizes {@code s[from, to)}; offsets reported by the accessors are offsets into {@code s}.
   */
  public HtmlTokenizer(String s, int from, int to, int maxTags, int maxAttributes) {
    if (from < 0 || to > s.length() || from > to) {
      throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + s.length());
    }
    this.s = s;
    this.pos = from;
    this.end = to;
    this.maxTags = maxTags;
    this.maxAttributes = maxAttributes;
  }

  /** Advances to the next token and returns its type; {@link Type#END} once exhausted. */
  public Type next() {
    name = null;
    selfClosing = false;
    unterminated = false;
    attributeCount = 0;
    nameStart = nameEnd = pos;
    if (pos >= end) {
      start = tokenEnd = end;
      return type = Type.END;
    }
    if (tags >= maxTags || totalAttributes >= maxAttributes) {
      truncated = true;
      pos = end;
      start = tokenEnd = end;
      return type = Type.END;
    }
    start = pos;
    if (s.charAt(pos) == '<' && startsMarkup(pos)) {
      Type markup = markup(s.charAt(pos + 1));
      if (markup != null) {
        return markup;
      }
    }
    return text();
  }

  /** The markup token that {@code <} followed by {@code d} starts, or null for text. */
  private Type markup(char d) {
    if (Chars.isAsciiLetter(d)) {
      return tag(Type.START_TAG, pos + 1);
    }
    if (d == '/') {
      if (pos + 2 < end && Chars.isAsciiLetter(s.charAt(pos + 2))) {
        return tag(Type.END_TAG, pos + 2);
      }
      int after = pos + 2 < end && s.charAt(pos + 2) == '>' ? pos + 3 : pos + 2;
      return delimiter(Type.COMMENT, after);
    }
    if (d == '!') {
      return bang();
    }
    if (d == '?') {
      return tag(Type.PROCESSING_INSTRUCTION, pos + 2);
    }
    return null;
  }

  /** {@code <!}: a comment, a CDATA section or a declaration. */
  private Type bang() {
    if (regionIs(pos + 2, "--")) {
      return delimiter(Type.COMMENT, pos + 4);
    }
    if (regionIs(pos + 2, "[cdata[")) {
      return delimiter(Type.CDATA, pos + 9);
    }
    int i = pos + 2;
    while (i < end && Chars.isAsciiLetter(s.charAt(i))) {
      i++;
    }
    nameStart = pos + 2;
    nameEnd = i;
    return delimiter(Type.DECLARATION, i);
  }

  /** Text up to the next character that starts markup. */
  private Type text() {
    int i = pos + 1;
    while (i < end) {
      if (s.charAt(i) == '<' && startsMarkup(i)) {
        break;
      }
      i++;
    }
    work += i - pos;
    pos = i;
    tokenEnd = i;
    nameStart = nameEnd = start;
    return type = Type.TEXT;
  }

  private Type delimiter(Type t, int after) {
    int e = Math.min(after, end);
    work += e - pos;
    pos = e;
    tokenEnd = e;
    if (t != Type.DECLARATION) {
      nameStart = nameEnd = start;
    }
    return type = t;
  }

  /** Whether the {@code <} at {@code lt} opens a tag, comment, declaration or instruction. */
  private boolean startsMarkup(int lt) {
    if (lt + 1 >= end) {
      return false;
    }
    char d = s.charAt(lt + 1);
    return Chars.isAsciiLetter(d) || ((d == '/' || d == '!' || d == '?') && lt + 2 < end);
  }

  private Type tag(Type t, int nameFrom) {
    type = t;
    tags++;
    boolean pi = t == Type.PROCESSING_INSTRUCTION;
    int i = nameFrom;
    while (i < end) {
      char c = s.charAt(i);
      if (isSpace(c) || c == '/' || c == '>' || c == '<' || (pi && c == '?')) {
        break;
      }
      i++;
    }
    nameStart = nameFrom;
    nameEnd = i;
    reopenAt = -1;
    i = attributes(i, pi);
    work += i - start;
    tokenEnd = i;
    if (reopenAt >= 0) {
      recovered = true;
      pos = reopenAt;
    } else {
      pos = i;
    }
    return t;
  }

  /** Reads the attributes of the tag from {@code i}; returns the position after the tag. */
  private int attributes(int i, boolean pi) {
    while (true) {
      boolean slash = false;
      while (i < end) {
        char c = s.charAt(i);
        if (isSpace(c)) {
          slash = false;
        } else if (c == '/' || (pi && c == '?')) {
          slash = true;
        } else {
          break;
        }
        i++;
      }
      if (i >= end) {
        unterminated = true;
        return i;
      }
      char c = s.charAt(i);
      if (c == '>') {
        selfClosing = slash;
        return i + 1;
      }
      if (c == '<' && i + 1 < end && startsTagLike(s.charAt(i + 1))) {
        // junk such as <a <img ...> or <scr<script>: the new tag wins
        unterminated = true;
        return i;
      }
      i = attribute(i);
      if (totalAttributes >= maxAttributes) {
        truncated = true;
        return i;
      }
    }
  }

  /** Reads the attribute whose name starts at {@code i}; returns the position after it. */
  private int attribute(int i) {
    int ns = i++;
    while (i < end) {
      char n = s.charAt(i);
      if (isSpace(n) || n == '/' || n == '>' || n == '=') {
        break;
      }
      i++;
    }
    int ne = i;
    int j = i;
    while (j < end && isSpace(s.charAt(j))) {
      j++;
    }
    if (j >= end || s.charAt(j) != '=') {
      addAttribute(ns, ne, -1, -1);
      return j;
    }
    j++;
    while (j < end && isSpace(s.charAt(j))) {
      j++;
    }
    if (j < end && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
      char q = s.charAt(j);
      int close = j + 1;
      while (close < end && s.charAt(close) != q) {
        close++;
      }
      addAttribute(ns, ne, j + 1, close);
      if (close < end) {
        return close + 1;
      }
      if (reopenAt < 0 && !recovered) {
        reopenAt = j + 1;
      }
      return end;
    }
    int vs = j;
    while (j < end && !isSpace(s.charAt(j)) && s.charAt(j) != '>') {
      j++;
    }
    addAttribute(ns, ne, vs, j);
    return j;
  }

  private void addAttribute(int ns, int ne, int vs, int ve) {
    totalAttributes++;
    if (attributeCount >= MAX_ATTRIBUTES_PER_TAG) {
      return;
    }
    int k = attributeCount * 4;
    if (k + 4 > attributes.length) {
      int[] grown = new int[attributes.length * 2];
      System.arraycopy(attributes, 0, grown, 0, attributes.length);
      attributes = grown;
    }
    attributes[k] = ns;
    attributes[k + 1] = ne;
    attributes[k + 2] = vs;
    attributes[k + 3] = ve;
    attributeCount++;
  }

  /** The type of the current token. */
  public Type type() {
    return type;
  }

  /** Offset of the current token's first character. */
  public int start() {
    return start;
  }

  /** Offset just past the current token (for a tag, past its {@code >} when it has one). */
  public int end() {
    return tokenEnd;
  }

  /**
   * The lower-cased name of a tag, processing instruction or declaration; empty for other tokens.
   */
  public String tagName() {
    String n = name;
    if (n == null) {
      n = Text.lowerAscii(s, nameStart, nameEnd);
      name = n;
    }
    return n;
  }

  /** Whether the tag name equals {@code lowerName} (ASCII case-insensitive), without allocating. */
  public boolean tagNameIs(String lowerName) {
    return equalsLower(nameStart, nameEnd, lowerName);
  }

  /** Whether the tag ended with {@code />}. */
  public boolean selfClosing() {
    return selfClosing;
  }

  /** Whether the tag was cut off (by the end of the input or by a new tag starting inside it). */
  public boolean unterminated() {
    return unterminated;
  }

  /**
   * Number of attributes recorded for the current tag (at most {@value #MAX_ATTRIBUTES_PER_TAG}).
   */
  public int attributeCount() {
    return attributeCount;
  }

  /** The lower-cased name of attribute {@code i}. */
  public String attributeName(int i) {
    return Text.lowerAscii(s, attributes[i * 4], attributes[i * 4 + 1]);
  }

  /** Whether attribute {@code i} is named {@code lowerName}, without allocating. */
  public boolean attributeNameIs(int i, String lowerName) {
    return equalsLower(attributes[i * 4], attributes[i * 4 + 1], lowerName);
  }

  public int attributeNameStart(int i) {
    return attributes[i * 4];
  }

  public int attributeNameEnd(int i) {
    return attributes[i * 4 + 1];
  }

  /** Whether attribute {@code i} has a value ({@code name=...}), possibly empty. */
  public boolean hasValue(int i) {
    return attributes[i * 4 + 2] >= 0;
  }

  /** Offset of the value of attribute {@code i}, inside its quotes; -1 without a value. */
  public int valueStart(int i) {
    return attributes[i * 4 + 2];
  }

  /** Offset just past the value of attribute {@code i}; -1 without a value. */
  public int valueEnd(int i) {
    return attributes[i * 4 + 3];
  }

  /** The value of attribute {@code i} as written (case kept), empty without a value. */
  public String attributeValue(int i) {
    int vs = attributes[i * 4 + 2];
    return vs < 0 ? "" : s.substring(vs, attributes[i * 4 + 3]);
  }

  /** Index of the first attribute named {@code lowerName}, or -1. */
  public int attribute(String lowerName) {
    for (int i = 0; i < attributeCount; i++) {
      if (attributeNameIs(i, lowerName)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether a limit stopped the tokenizer before the end of its input. */
  public boolean truncated() {
    return truncated;
  }

  /** Number of characters examined so far (at most about twice the input length). */
  public long work() {
    return work;
  }

  private boolean regionIs(int at, String lower) {
    return at + lower.length() <= end && equalsLower(at, at + lower.length(), lower);
  }

  private boolean equalsLower(int from, int to, String lower) {
    return Text.equalsIgnoreCase(s, from, to, lower);
  }

  static boolean startsTagLike(char c) {
    return Chars.isAsciiLetter(c) || c == '/' || c == '!';
  }

  /** HTML whitespace: space, tab, line feed, form feed, carriage return. */
  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }
}
