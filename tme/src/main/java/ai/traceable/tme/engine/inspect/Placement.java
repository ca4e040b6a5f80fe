package ai.traceable.tme.engine.inspect;

/** Where in the request an inspected value comes from. */
public enum Placement {
  /** The path (without the query), or one of its segments. */
  PATH("path"),
  /** The name of a query argument. */
  QUERY_NAME("query-name"),
  /** The value of a query argument. */
  QUERY("query"),
  /** A header value; the name is the lower-case header name. */
  HEADER("header"),
  /** A cookie value; the name is the cookie name. */
  COOKIE("cookie"),
  /** A JSON body: a string leaf (name is the dotted key path) or a key. */
  JSON("json"),
  /** A JSON object key (NoSQL operators live there). */
  JSON_KEY("json-key"),
  /** A field of an {@code application/x-www-form-urlencoded} body. */
  FORM("form"),
  /** The name of a form field. */
  FORM_NAME("form-name"),
  /** A multipart part value or file name. */
  MULTIPART("multipart"),
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
}
