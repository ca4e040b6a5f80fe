package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * {@code leak-framework-error}: a web framework's or server's default error page, which names the
 * framework, its version and often file paths: Spring Boot's Whitelabel page, Tomcat's exception
 * report, PHP fatal errors and warnings, Django and Rails debug pages, ASP.NET's yellow screen,
 * Laravel's Whoops, Express's default handler. Matched case-insensitively.
 */
public final class FrameworkErrorLeak implements LeakDetector {
  private static final Literals MARKERS =
      new Literals(
          List.of(
              "whitelabel error page",
              "<h1>http status 500 – internal server error</h1>",
              "<b>type</b> exception report",
              "<b>fatal error</b>:",
              "<b>parse error</b>:",
              "<b>warning</b>:  ",
              "php fatal error:",
              "you're seeing this error because you have <code>debug = true</code>",
              "django version:",
              "actioncontroller::routingerror",
              "activerecord::recordnotfound",
              "server error in '/' application",
              "asp.net is configured to show verbose error messages",
              "[httpexception]:",
              "whoops, looks like something went wrong",
              "symfony\\component\\",
              "illuminate\\database\\queryexception",
              "werkzeug debugger",
              "<pre>error: ",
              "unhandled exception occurred while processing the request"));

  @Override
  public String ruleId() {
    return "leak-framework-error";
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
