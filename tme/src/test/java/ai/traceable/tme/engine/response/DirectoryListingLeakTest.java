package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectoryListingLeakTest {
  private final DirectoryListingLeak detector = new DirectoryListingLeak();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "<html><head><title>Index of /backup</title> | true",
        "<h1>Index of /uploads/</h1><pre> | true",
        "<title>Directory listing for /</title> | true",
        "<A HREF=\"/\">[To Parent Directory]</A><br> | true",
        "<title>Index of products</title> | false",
        "An index of our products | false",
      })
  void findsAutomaticDirectoryIndexes(String text, boolean leaks) {
    assertThat(Found.in(detector, text).isEmpty()).isEqualTo(!leaks);
  }
}
