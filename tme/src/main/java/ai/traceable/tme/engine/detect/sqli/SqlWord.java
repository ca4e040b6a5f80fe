package ai.traceable.tme.engine.detect.sqli;

/**
 * The SQL words the tokenizer knows: reserved words, logic operators and function names, each with
 * a few property bits used when judging token shapes. Lookup is case-insensitive, allocation free
 * and constant time (a small open-addressing table over the lower-cased characters).
 */
public enum SqlWord {
  // clauses and statements
  SELECT(Kind.KEYWORD, 0),
  UNION(Kind.KEYWORD, 0),
  ALL(Kind.KEYWORD, 0),
  DISTINCT(Kind.KEYWORD, 0),
  TOP(Kind.KEYWORD, 0),
  FROM(Kind.KEYWORD, 0),
  WHERE(Kind.KEYWORD, 0),
  INSERT(Kind.KEYWORD, Bits.CALLABLE),
  INTO(Kind.KEYWORD, 0),
  VALUES(Kind.KEYWORD, 0),
  UPDATE(Kind.KEYWORD, 0),
  SET(Kind.KEYWORD, 0),
  DELETE(Kind.KEYWORD, 0),
  DROP(Kind.KEYWORD, 0),
  TRUNCATE(Kind.KEYWORD, Bits.CALLABLE),
  CREATE(Kind.KEYWORD, 0),
  ALTER(Kind.KEYWORD, 0),
  EXEC(Kind.KEYWORD, 0),
  EXECUTE(Kind.KEYWORD, 0),
  DECLARE(Kind.KEYWORD, 0),
  SHUTDOWN(Kind.KEYWORD, 0),
  WAITFOR(Kind.KEYWORD, 0),
  DELAY(Kind.KEYWORD, 0),
  ORDER(Kind.KEYWORD, 0),
  GROUP(Kind.KEYWORD, 0),
  BY(Kind.KEYWORD, 0),
  ORDER_BY("order by", Kind.KEYWORD, 0),
  GROUP_BY("group by", Kind.KEYWORD, 0),
  HAVING(Kind.KEYWORD, 0),
  LIMIT(Kind.KEYWORD, 0),
  OFFSET(Kind.KEYWORD, 0),
  OUTFILE(Kind.KEYWORD, 0),
  DUMPFILE(Kind.KEYWORD, 0),
  CASE(Kind.KEYWORD, 0),
  WHEN(Kind.KEYWORD, 0),
  THEN(Kind.KEYWORD, 0),
  ELSE(Kind.KEYWORD, 0),
  END(Kind.KEYWORD, 0),
  LIKE(Kind.KEYWORD, Bits.CALLABLE),
  RLIKE(Kind.KEYWORD, 0),
  REGEXP(Kind.KEYWORD, 0),
  GLOB(Kind.KEYWORD, 0),
  SOUNDS(Kind.KEYWORD, 0),
  SOUNDS_LIKE("sounds like", Kind.KEYWORD, 0),
  BETWEEN(Kind.KEYWORD, 0),
  IS(Kind.KEYWORD, 0),
  NOT(Kind.KEYWORD, 0),
  NULL(Kind.KEYWORD, 0),
  TRUE(Kind.KEYWORD, 0),
  FALSE(Kind.KEYWORD, 0),
  IN(Kind.KEYWORD, 0),
  EXISTS(Kind.KEYWORD, 0),
  AS(Kind.KEYWORD, 0),
  JOIN(Kind.KEYWORD, 0),
  DIV(Kind.KEYWORD, 0),
  MOD(Kind.KEYWORD, Bits.CALLABLE),
  COLLATE(Kind.KEYWORD, 0),
  PROCEDURE(Kind.KEYWORD, Bits.OBJECT),
  TABLE(Kind.KEYWORD, Bits.OBJECT),
  VIEW(Kind.KEYWORD, Bits.OBJECT),
  INDEX(Kind.KEYWORD, Bits.OBJECT),
  TRIGGER(Kind.KEYWORD, Bits.OBJECT),
  LOGIN(Kind.KEYWORD, Bits.OBJECT),
  ROLE(Kind.KEYWORD, Bits.OBJECT),
  TABLESPACE(Kind.KEYWORD, Bits.OBJECT),
  FUNCTION(Kind.KEYWORD, Bits.OBJECT),
  DATABASE(Kind.KEYWORD, Bits.CALLABLE | Bits.OBJECT | Bits.INFO),
  SCHEMA(Kind.KEYWORD, Bits.CALLABLE | Bits.OBJECT | Bits.INFO),
  USER(Kind.KEYWORD, Bits.CALLABLE | Bits.OBJECT | Bits.INFO),
  IF(Kind.KEYWORD, Bits.CALLABLE),
  WITH(Kind.KEYWORD, 0),
  NOWAIT(Kind.KEYWORD, 0),
  IMMEDIATE(Kind.KEYWORD, 0),
  PROGRAM(Kind.KEYWORD, 0),
  COPY(Kind.KEYWORD, 0),
  // logic operators
  AND(Kind.LOGIC, 0),
  OR(Kind.LOGIC, 0),
  XOR(Kind.LOGIC, 0),
  // time based
  SLEEP(Kind.FUNCTION, Bits.TIME),
  BENCHMARK(Kind.FUNCTION, Bits.TIME),
  PG_SLEEP(Kind.FUNCTION, Bits.TIME | Bits.UNAMBIGUOUS),
  PG_SLEEP_FOR(Kind.FUNCTION, Bits.TIME | Bits.UNAMBIGUOUS),
  DBMS_LOCK_SLEEP("dbms_lock.sleep", Kind.FUNCTION, Bits.TIME | Bits.UNAMBIGUOUS),
  DBMS_SESSION_SLEEP("dbms_session.sleep", Kind.FUNCTION, Bits.TIME | Bits.UNAMBIGUOUS),
  DBMS_PIPE_RECEIVE_MESSAGE(
      "dbms_pipe.receive_message", Kind.FUNCTION, Bits.TIME | Bits.UNAMBIGUOUS),
  RANDOMBLOB(Kind.FUNCTION, Bits.TIME),
  TIME(Kind.FUNCTION, 0),
  // error based
  EXTRACTVALUE(Kind.FUNCTION, Bits.ERROR),
  UPDATEXML(Kind.FUNCTION, Bits.ERROR),
  NAME_CONST(Kind.FUNCTION, Bits.ERROR | Bits.UNAMBIGUOUS),
  GTID_SUBSET(Kind.FUNCTION, Bits.ERROR | Bits.UNAMBIGUOUS),
  UTL_INADDR_GET_HOST_ADDRESS(
      "utl_inaddr.get_host_address", Kind.FUNCTION, Bits.ERROR | Bits.UNAMBIGUOUS),
  UTL_INADDR_GET_HOST_NAME(
      "utl_inaddr.get_host_name", Kind.FUNCTION, Bits.ERROR | Bits.UNAMBIGUOUS),
  CTXSYS_DRITHSX_SN("ctxsys.drithsx.sn", Kind.FUNCTION, Bits.ERROR | Bits.UNAMBIGUOUS),
  DBMS_XMLGEN_GETXML("dbms_xmlgen.getxml", Kind.FUNCTION, Bits.ERROR | Bits.UNAMBIGUOUS),
  DBMS_UTILITY_SQLID_TO_SQLHASH(
      "dbms_utility.sqlid_to_sqlhash", Kind.FUNCTION, Bits.ERROR | Bits.UNAMBIGUOUS),
  XMLTYPE(Kind.FUNCTION, 0),
  CAST(Kind.FUNCTION, 0),
  CONVERT(Kind.FUNCTION, 0),
  FLOOR(Kind.FUNCTION, 0),
  RAND(Kind.FUNCTION, 0),
  EXP(Kind.FUNCTION, 0),
  // file system, network and operating system access
  LOAD_FILE(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  PG_READ_FILE(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  PG_READ_BINARY_FILE(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  PG_LS_DIR(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  LO_IMPORT(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  LO_EXPORT(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  OPENROWSET(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  OPENDATASOURCE(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  SYS_EXEC(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  SYS_EVAL(Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  UTL_HTTP_REQUEST("utl_http.request", Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  UTL_FILE_FOPEN("utl_file.fopen", Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  DBMS_JAVA_RUNJAVA("dbms_java.runjava", Kind.FUNCTION, Bits.FILE | Bits.UNAMBIGUOUS),
  XP_CMDSHELL(Kind.FUNCTION, Bits.FILE | Bits.PROCEDURE | Bits.QUALIFIED),
  XP_DIRTREE(Kind.FUNCTION, Bits.FILE | Bits.PROCEDURE | Bits.QUALIFIED),
  XP_FILEEXIST(Kind.FUNCTION, Bits.FILE | Bits.PROCEDURE | Bits.QUALIFIED),
  XP_REGREAD(Kind.FUNCTION, Bits.FILE | Bits.PROCEDURE | Bits.QUALIFIED),
  XP_REGWRITE(Kind.FUNCTION, Bits.FILE | Bits.PROCEDURE | Bits.QUALIFIED),
  XP_SERVICECONTROL(Kind.FUNCTION, Bits.FILE | Bits.PROCEDURE | Bits.QUALIFIED),
  SP_OACREATE(Kind.FUNCTION, Bits.FILE | Bits.PROCEDURE | Bits.QUALIFIED),
  SP_OAMETHOD(Kind.FUNCTION, Bits.FILE | Bits.PROCEDURE | Bits.QUALIFIED),
  SP_CONFIGURE(Kind.FUNCTION, Bits.PROCEDURE | Bits.QUALIFIED),
  SP_EXECUTESQL(Kind.FUNCTION, Bits.PROCEDURE | Bits.QUALIFIED),
  SP_ADDLOGIN(Kind.FUNCTION, Bits.PROCEDURE | Bits.QUALIFIED),
  SP_ADDSRVROLEMEMBER(Kind.FUNCTION, Bits.PROCEDURE | Bits.QUALIFIED),
  SP_PASSWORD(Kind.FUNCTION, Bits.PROCEDURE | Bits.QUALIFIED),
  // information about the server
  CURRENT_USER(Kind.FUNCTION, Bits.INFO),
  SYSTEM_USER(Kind.FUNCTION, Bits.INFO),
  SESSION_USER(Kind.FUNCTION, Bits.INFO),
  VERSION(Kind.FUNCTION, Bits.INFO),
  DB_NAME(Kind.FUNCTION, Bits.INFO),
  HOST_NAME(Kind.FUNCTION, Bits.INFO),
  SUSER_NAME(Kind.FUNCTION, Bits.INFO),
  SUSER_SNAME(Kind.FUNCTION, Bits.INFO),
  USER_NAME(Kind.FUNCTION, Bits.INFO),
  CONNECTION_ID(Kind.FUNCTION, Bits.INFO),
  CURRENT_DATABASE(Kind.FUNCTION, Bits.INFO),
  // string building, often used to hide literals
  CHAR(Kind.FUNCTION, Bits.BUILD),
  CHR(Kind.FUNCTION, Bits.BUILD),
  NCHAR(Kind.FUNCTION, Bits.BUILD),
  CONCAT(Kind.FUNCTION, Bits.BUILD),
  CONCAT_WS(Kind.FUNCTION, Bits.BUILD),
  GROUP_CONCAT(Kind.FUNCTION, Bits.BUILD),
  STRING_AGG(Kind.FUNCTION, Bits.BUILD),
  LISTAGG(Kind.FUNCTION, Bits.BUILD),
  HEX(Kind.FUNCTION, Bits.BUILD),
  UNHEX(Kind.FUNCTION, Bits.BUILD),
  ASCII(Kind.FUNCTION, Bits.BUILD),
  ORD(Kind.FUNCTION, Bits.BUILD),
  UNICODE(Kind.FUNCTION, Bits.BUILD),
  SUBSTRING(Kind.FUNCTION, Bits.BUILD),
  SUBSTR(Kind.FUNCTION, Bits.BUILD),
  MID(Kind.FUNCTION, Bits.BUILD),
  BIN(Kind.FUNCTION, Bits.BUILD),
  CONV(Kind.FUNCTION, Bits.BUILD),
  ELT(Kind.FUNCTION, Bits.BUILD),
  MAKE_SET(Kind.FUNCTION, Bits.BUILD),
  TO_CHAR(Kind.FUNCTION, Bits.BUILD),
  // common functions: SQL, but also ordinary words
  IIF(Kind.FUNCTION, 0),
  IFNULL(Kind.FUNCTION, 0),
  ISNULL(Kind.FUNCTION, 0),
  NULLIF(Kind.FUNCTION, 0),
  COALESCE(Kind.FUNCTION, 0),
  COUNT(Kind.FUNCTION, 0),
  SUM(Kind.FUNCTION, 0),
  MIN(Kind.FUNCTION, 0),
  MAX(Kind.FUNCTION, 0),
  AVG(Kind.FUNCTION, 0),
  LENGTH(Kind.FUNCTION, 0),
  LEN(Kind.FUNCTION, 0),
  LOWER(Kind.FUNCTION, 0),
  UPPER(Kind.FUNCTION, 0),
  LEFT(Kind.FUNCTION, 0),
  RIGHT(Kind.FUNCTION, 0),
  REPLACE(Kind.FUNCTION, 0),
  REVERSE(Kind.FUNCTION, 0),
  INSTR(Kind.FUNCTION, 0),
  LOCATE(Kind.FUNCTION, 0),
  MD5(Kind.FUNCTION, 0),
  SHA1(Kind.FUNCTION, 0),
  NOW(Kind.FUNCTION, 0);

  /** The three roles a word can play. */
  public enum Kind {
    KEYWORD,
    LOGIC,
    FUNCTION
  }

  /** Property bits. */
  static final class Bits {
    /** A keyword that is a function when {@code (} follows (IF, INSERT, DATABASE, ...). */
    static final int CALLABLE = 1;

    /** Causes a delay. */
    static final int TIME = 1 << 1;

    /** Used to leak data through error messages. */
    static final int ERROR = 1 << 2;

    /** Reads or writes files, reaches the network or runs commands. */
    static final int FILE = 1 << 3;

    /** Returns facts about the server (user, database, version). */
    static final int INFO = 1 << 4;

    /** Builds strings from codes or pieces (obfuscation). */
    static final int BUILD = 1 << 5;

    /** Has no meaning outside SQL injection tooling: a call is enough. */
    static final int UNAMBIGUOUS = 1 << 6;

    /** What DROP, CREATE and ALTER act on. */
    static final int OBJECT = 1 << 7;

    /** A stored procedure, executed with EXEC. */
    static final int PROCEDURE = 1 << 8;

    /** May be written with a schema or database prefix ({@code master..xp_cmdshell}). */
    static final int QUALIFIED = 1 << 9;

    private Bits() {}
  }

  private static final SqlWord[] ALL_WORDS = values();
  private static final int TABLE_SIZE = 1024;
  private static final SqlWord[] SLOTS = new SqlWord[TABLE_SIZE];
  private static final int MAX_LENGTH;

  static {
    int max = 0;
    for (SqlWord w : ALL_WORDS) {
      int slot = hash(w.text, 0, w.text.length()) & (TABLE_SIZE - 1);
      while (SLOTS[slot] != null) {
        slot = (slot + 1) & (TABLE_SIZE - 1);
      }
      SLOTS[slot] = w;
      max = Math.max(max, w.text.length());
    }
    MAX_LENGTH = max;
  }

  private final String text;
  private final Kind kind;
  private final int bits;

  SqlWord(Kind kind, int bits) {
    this(null, kind, bits);
  }

  SqlWord(String text, Kind kind, int bits) {
    this.text = text != null ? text : name().toLowerCase(java.util.Locale.ROOT);
    this.kind = kind;
    this.bits = bits;
  }

  /** The word in lower case, as written in SQL. */
  public String text() {
    return text;
  }

  public Kind kind() {
    return kind;
  }

  boolean is(int bit) {
    return (bits & bit) != 0;
  }

  static SqlWord of(int ordinal) {
    return ordinal < 0 ? null : ALL_WORDS[ordinal];
  }

  /**
   * The word spelled by {@code s[from, to)} (ASCII case-insensitive), or null. A qualified name
   * ({@code master.dbo.xp_cmdshell}) is also tried by its last segment, for the procedures that are
   * commonly written that way.
   */
  static SqlWord lookup(CharSequence s, int from, int to) {
    SqlWord w = exact(s, from, to);
    if (w != null) {
      return w;
    }
    for (int i = to - 1; i > from; i--) {
      if (s.charAt(i) == '.') {
        SqlWord last = exact(s, i + 1, to);
        return last != null && last.is(Bits.QUALIFIED) ? last : null;
      }
    }
    return null;
  }

  private static SqlWord exact(CharSequence s, int from, int to) {
    int len = to - from;
    if (len < 2 || len > MAX_LENGTH) {
      return null;
    }
    int h = hash(s, from, to);
    if (h < 0) {
      return null;
    }
    int slot = h & (TABLE_SIZE - 1);
    SqlWord w;
    while ((w = SLOTS[slot]) != null) {
      if (w.text.length() == len && sameIgnoringCase(s, from, w.text)) {
        return w;
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    return null;
  }

  /** A hash of the lower-cased ASCII characters; -1 when a character is not ASCII. */
  private static int hash(CharSequence s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return -1;
      }
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      h = h * 31 + c;
    }
    return (h ^ (h >>> 11)) & 0x7fffffff;
  }

  private static boolean sameIgnoringCase(CharSequence s, int from, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      char c = s.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
