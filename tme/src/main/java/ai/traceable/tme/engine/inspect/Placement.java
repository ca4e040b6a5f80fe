package ai.traceable.tme.engine.inspect;

/**
 * Where in the request an inspected value comes from. Names (argument names, cookie names, JSON
 * keys, form and multipart field names) have placements of their own, so that detectors know when
 * they look at a name rather than a value ({@link #isName()}).
 */
public enum Placement {
  /** The whole path, without the query. */
  PATH("path"),
  /**
   * One segment of the path (between slashes), inspected as a value of its own: a segment that is a
   * whole payload ({@code /go/javascript:alert(1)}) is seen as one.
   */
  PATH_SEGMENT("path-segment"),
  /** The name of a query argument. */
  QUERY_NAME("query-name"),
  /** The value of a query argument. */
  QUERY("query"),
  /** A header value; the name is the lower-case header name. */
  HEADER("header"),
  /** A cookie value; the name is the cookie name. */
  COOKIE("cookie"),
  /** The name of a cookie. */
  COOKIE_NAME("cookie-name"),
  /** A JSON body: a string leaf (name is the dotted key path) or a key. */
  JSON("json"),
  /** A JSON object key (NoSQL operators live there). */
  JSON_KEY("json-key"),
  /** A field of an {@code application/x-www-form-urlencoded} body. */
  FORM("form"),
  /** The name of a form field or of a multipart part. */
  FORM_NAME("form-name"),
  /** A multipart part value (the textual runs of it when the part is binary). */
  MULTIPART("multipart"),
  /** The file name of an uploaded multipart part; the name is {@code <field>.filename}. */
  FILE_NAME("multipart-filename"),
  /** XML text, attribute values, or the raw XML document. */
  XML("xml"),
  /** A body that is none of the above (or failed to parse), inspected as text. */
  TEXT("text");

  private final String key;

  Placement(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** Whether values of this placement are names (of arguments, cookies, keys, fields). */
  public boolean isName() {
    return this == QUERY_NAME || this == COOKIE_NAME || this == JSON_KEY || this == FORM_NAME;
  }
}
