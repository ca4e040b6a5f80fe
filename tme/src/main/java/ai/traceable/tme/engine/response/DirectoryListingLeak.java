package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * {@code leak-directory-listing}: an automatic directory index (Apache, nginx, IIS, Tomcat,
 * Python's and Node's static servers, Jetty), which exposes file names the application never linked
 * to.
 */
public final class DirectoryListingLeak implements LeakDetector {
  private static final Literals MARKERS =
      new Literals(
          List.of(
              "<title>index of /",
              "<h1>index of /",
              "<title>directory listing for /",
              "<h1>directory listing for /",
              "[to parent directory]</a>",
              "<title>directory listing for",
              "<title>listing directory /",
              "<h1>directory: /"));

  @Override
  public String ruleId() {
    return "leak-directory-listing";
  }

  @Override
  public String category() {
    return "disclosure";
  }

  @Override
  public void find(ResponseText text, List<LeakSpan> out) {
    MARKERS.find(text, out, 1);
  }
}
