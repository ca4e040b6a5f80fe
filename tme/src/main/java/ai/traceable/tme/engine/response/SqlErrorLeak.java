package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * {@code leak-sql-error}: a database error message in a response, which tells an attacker the
 * database, often the query, and that injection reached it. Markers of MySQL/MariaDB, PostgreSQL,
 * Oracle, SQL Server, SQLite and the JDBC/ODBC/PDO drivers, matched case-insensitively.
 */
public final class SqlErrorLeak implements LeakDetector {
  private static final Literals MARKERS =
      new Literals(
          List.of(
              "you have an error in your sql syntax",
              "warning: mysql_",
              "supplied argument is not a valid mysql",
              "com.mysql.jdbc.",
              "java.sql.sqlexception",
              "java.sql.sqlsyntaxerrorexception",
              "org.postgresql.util.psqlexception",
              "pg::syntaxerror",
              "error:  syntax error at or near",
              "unterminated quoted string at or near",
              "ora-00933: sql command not properly ended",
              "ora-01756: quoted string not properly terminated",
              "oracle.jdbc.driver",
              "microsoft ole db provider for sql server",
              "unclosed quotation mark after the character string",
              "system.data.sqlclient.sqlexception",
              "microsoft.data.sqlclient.sqlexception",
              "[microsoft][odbc",
              "sqlite3.operationalerror",
              "sqlite_error",
              "sqlstate[",
              "pdoexception",
              "sqlalchemy.exc."));

  @Override
  public String ruleId() {
    return "leak-sql-error";
  }

  @Override
  public String category() {
    return "error";
  }

  @Override
  public void find(ResponseText text, List<LeakSpan> out) {
    MARKERS.find(text, out, 1);
  }
}
