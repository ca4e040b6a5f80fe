package ai.traceable.tme.engine.seclang.transform;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The transformations by name. Names are matched ignoring case, as ModSecurity v2 does (CRS itself
 * writes {@code t:base64decode} in a comment and ModSecurity registers {@code cmdline}), and the
 * British spellings {@code normalisePath} / {@code normalisePathWin} are aliases.
 *
 * <p>{@code none} is not here: it resets a rule's chain, which is the rule model's business.
 * Instances are shared, immutable and thread-safe.
 */
public final class Transformations {
  private static final List<Transformation> ALL =
      List.of(
          new UrlDecode(false),
          new UrlDecode(true),
          new HtmlEntityDecode(),
          new JsDecode(),
          new CssDecode(),
          new EscapeSeqDecode(),
          new Utf8ToUnicode(),
          new Base64Decode(false),
          new Base64Decode(true),
          new HexDecode(),
          new HexEncode(),
          new SqlHexDecode(),
          new CmdLine(),
          new NormalizePath(false),
          new NormalizePath(true),
          new Nulls(false),
          new Nulls(true),
          new Whitespace(false),
          new Whitespace(true),
          new Comments(Comments.Kind.REPLACE),
          new Comments(Comments.Kind.REMOVE),
          new Comments(Comments.Kind.REMOVE_CHARS),
          new CaseFold(false),
          new CaseFold(true),
          new Trim(true, true),
          new Trim(true, false),
          new Trim(false, true),
          new Length(),
          new Digest("sha1", "SHA-1"),
          new Digest("md5", "MD5"));

  private static final Map<String, Transformation> BY_NAME = index();

  private Transformations() {}

  /**
   * The transformation called {@code name} (any case).
   *
   * @throws IllegalArgumentException {@code unknown transformation: name} when there is none
   */
  public static Transformation byName(String name) {
    Transformation t = name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (t == null) {
      throw new IllegalArgumentException("unknown transformation: " + name);
    }
    return t;
  }

  /** Every transformation once, by its canonical name (aliases excluded). */
  public static List<Transformation> all() {
    return ALL;
  }

  /** Every name {@link #byName} accepts, in lower case, aliases included. */
  public static Set<String> names() {
    return BY_NAME.keySet();
  }

  private static Map<String, Transformation> index() {
    Map<String, Transformation> byName = new TreeMap<>();
    for (Transformation t : ALL) {
      byName.put(t.name().toLowerCase(Locale.ROOT), t);
    }
    byName.put("normalisepath", byName.get("normalizepath"));
    byName.put("normalisepathwin", byName.get("normalizepathwin"));
    return Map.copyOf(byName);
  }
}
