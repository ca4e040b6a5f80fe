package ai.traceable.tme.engine.seclang.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The SecLang variables a rule may name. Collections take a selector ({@code ARGS:id}); scalars do
 * not. Variables of the response and of persistent storage are known so that rule sets which use
 * them load; the request-side evaluator sees them as empty.
 */
public enum Variable {
  ARGS(true),
  ARGS_COMBINED_SIZE(false),
  ARGS_GET(true),
  ARGS_GET_NAMES(true),
  ARGS_NAMES(true),
  ARGS_POST(true),
  ARGS_POST_NAMES(true),
  AUTH_TYPE(false),
  DURATION(false),
  ENV(true),
  FILES(true),
  FILES_COMBINED_SIZE(false),
  FILES_NAMES(true),
  FILES_SIZES(true),
  FILES_TMPNAMES(true),
  FILES_TMP_CONTENT(true),
  FULL_REQUEST(false),
  FULL_REQUEST_LENGTH(false),
  GEO(true),
  GLOBAL(true),
  HIGHEST_SEVERITY(false),
  INBOUND_DATA_ERROR(false),
  IP(true),
  MATCHED_VAR(false),
  MATCHED_VARS(true),
  MATCHED_VAR_NAME(false),
  MATCHED_VARS_NAMES(true),
  MODSEC_BUILD(false),
  MSC_PCRE_LIMITS_EXCEEDED(false),
  MULTIPART_BOUNDARY_QUOTED(false),
  MULTIPART_BOUNDARY_WHITESPACE(false),
  MULTIPART_CRLF_LF_LINES(false),
  MULTIPART_DATA_AFTER(false),
  MULTIPART_DATA_BEFORE(false),
  MULTIPART_FILE_LIMIT_EXCEEDED(false),
  MULTIPART_FILENAME(false),
  MULTIPART_HEADER_FOLDING(false),
  MULTIPART_INVALID_HEADER_FOLDING(false),
  MULTIPART_INVALID_PART(false),
  MULTIPART_INVALID_QUOTING(false),
  MULTIPART_LF_LINE(false),
  MULTIPART_MISSING_SEMICOLON(false),
  MULTIPART_NAME(false),
  MULTIPART_PART_HEADERS(true),
  MULTIPART_STRICT_ERROR(false),
  MULTIPART_UNMATCHED_BOUNDARY(false),
  OUTBOUND_DATA_ERROR(false),
  PATH_INFO(false),
  QUERY_STRING(false),
  REMOTE_ADDR(false),
  REMOTE_HOST(false),
  REMOTE_PORT(false),
  REMOTE_USER(false),
  REQBODY_ERROR(false),
  REQBODY_ERROR_MSG(false),
  REQBODY_PROCESSOR(false),
  REQBODY_PROCESSOR_ERROR(false),
  REQUEST_BASENAME(false),
  REQUEST_BODY(false),
  REQUEST_BODY_LENGTH(false),
  REQUEST_COOKIES(true),
  REQUEST_COOKIES_NAMES(true),
  REQUEST_FILENAME(false),
  REQUEST_HEADERS(true),
  REQUEST_HEADERS_NAMES(true),
  REQUEST_LINE(false),
  REQUEST_METHOD(false),
  REQUEST_PROTOCOL(false),
  REQUEST_URI(false),
  REQUEST_URI_RAW(false),
  RESOURCE(true),
  RESPONSE_BODY(false),
  RESPONSE_CONTENT_LENGTH(false),
  RESPONSE_CONTENT_TYPE(false),
  RESPONSE_HEADERS(true),
  RESPONSE_HEADERS_NAMES(true),
  RESPONSE_PROTOCOL(false),
  RESPONSE_STATUS(false),
  RULE(true),
  SERVER_ADDR(false),
  SERVER_NAME(false),
  SERVER_PORT(false),
  SESSION(true),
  SESSIONID(false),
  STATUS_LINE(false),
  TIME(false),
  TIME_DAY(false),
  TIME_EPOCH(false),
  TIME_HOUR(false),
  TIME_MIN(false),
  TIME_MON(false),
  TIME_SEC(false),
  TIME_WDAY(false),
  TIME_YEAR(false),
  TX(true),
  UNIQUE_ID(false),
  URLENCODED_ERROR(false),
  USER(true),
  USERID(false),
  WEBAPPID(false),
  XML(true);

  private static final Map<String, Variable> BY_NAME = new HashMap<>();

  static {
    for (Variable v : values()) {
      BY_NAME.put(v.name(), v);
    }
  }

  private final boolean collection;

  Variable(boolean collection) {
    this.collection = collection;
  }

  /** Whether the variable holds named entries and so accepts a selector. */
  public boolean collection() {
    return collection;
  }

  /** The variable called {@code name} (case-insensitive), or null. */
  public static Variable byName(String name) {
    return BY_NAME.get(name.toUpperCase(Locale.ROOT));
  }
}
