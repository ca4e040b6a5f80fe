package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlErrorLeakTest {
  private final SqlErrorLeak detector = new SqlErrorLeak();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL | true",
        "ERROR:  syntax error at or near \"'\" LINE 1 | true",
        "org.postgresql.util.PSQLException: ERROR: relation | true",
        "ORA-01756: quoted string not properly terminated | true",
        "Unclosed quotation mark after the character string 'x'. | true",
        "SQLSTATE[42000]: Syntax error or access violation | true",
        "sqlite3.OperationalError: near \"x\": syntax error | true",
        "{\"error\":\"not found\"} | false",
        "Learn SQL syntax in ten minutes | false",
      })
  void findsDatabaseErrorMessages(String text, boolean leaks) {
    assertThat(Found.in(detector, text).isEmpty()).isEqualTo(!leaks);
  }
}
