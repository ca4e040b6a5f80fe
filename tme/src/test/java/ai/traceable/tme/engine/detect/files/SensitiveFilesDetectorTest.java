package ai.traceable.tme.engine.detect.files;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class SensitiveFilesDetectorTest extends DetectorTableTest {
  private static final SensitiveFilesDetector DETECTOR = new SensitiveFilesDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.PATH, "", "/.git/config", "sensitive-files-100"),
        a(Placement.PATH, "", "/app/.svn/entries", "sensitive-files-100"),
        a(Placement.PATH, "", "/WEB-INF/web.xml", "sensitive-files-100"),
        a(Placement.PATH, "", "/%2egit/HEAD", "sensitive-files-100"),
        a(Placement.PATH, "", "/.env.production", "sensitive-files-110"),
        a(Placement.PATH, "", "/api/.env", "sensitive-files-110"),
        a(Placement.PATH, "", "/web.config", "sensitive-files-110"),
        a(Placement.PATH, "", "/docker-compose.yml", "sensitive-files-110"),
        a(Placement.PATH, "", "/appsettings.json", "sensitive-files-110"),
        a(Placement.PATH, "", "/.aws/credentials", "sensitive-files-110"),
        a(Placement.PATH, "", "/.bash_history", "sensitive-files-110"),
        a(Placement.QUERY, "file", ".env", "sensitive-files-110"),
        a(Placement.JSON, "path", ".git/config", "sensitive-files-100"),
        a(
            Placement.QUERY,
            "f",
            "&#46;&#104;&#116;&#112;&#97;&#115;&#115;&#119;&#100;",
            "sensitive-files-110"),
        a(Placement.PATH, "", "/wp-config.php~", "sensitive-files-120"),
        a(Placement.PATH, "", "/config.php.save", "sensitive-files-120"),
        a(Placement.PATH, "", "/.index.php.swp", "sensitive-files-120"),
        a(Placement.PATH, "", "/site.bak", "sensitive-files-120"),
        a(Placement.PATH, "", "/backup.zip", "sensitive-files-130"),
        a(Placement.PATH, "", "/db.sql.gz", "sensitive-files-130"),
        a(Placement.PATH, "", "/www.tar.gz", "sensitive-files-130"),
        a(Placement.PATH, "", "/server-status", "sensitive-files-140"),
        a(Placement.PATH, "", "/nginx_status", "sensitive-files-140"),
        a(Placement.PATH, "", "/actuator/env", "sensitive-files-140"),
        a(Placement.PATH, "", "/debug/pprof/", "sensitive-files-140"),
        a(Placement.PATH, "", "/storage/logs/laravel.log", "sensitive-files-150"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.PATH, "", "/.well-known/security.txt"),
        b(Placement.PATH, "", "/blog/how-we-use-git-at-scale"),
        b(Placement.PATH, "", "/docs/environment-variables"),
        b(Placement.PATH, "", "/static/js/config.5f3a1c.js"),
        b(Placement.PATH, "", "/blog/dotenv-files-explained"),
        b(Placement.PATH, "", "/downloads/manual.zip"),
        b(Placement.PATH, "", "/api/v1/credentials"),
        b(Placement.PATH, "", "/products/shadow"),
        b(Placement.PATH, "", "/api/v1/config"),
        b(Placement.PATH, "", "/envoy/admin.html"),
        b(Placement.PATH, "", "/.environment-setup"),
        b(Placement.PATH, "", "/changelog"),
        b(Placement.PATH, "", "/api/actuator-docs/env"),
        b(Placement.QUERY, "file", "invoice_2024.pdf"),
        b(Placement.QUERY, "filename", "app.log"),
        b(Placement.JSON, "name", "V42__add_orders_index.sql"),
        b(Placement.QUERY, "topic", "backup schedule"),
        b(Placement.HEADER, "referer", "https://example.com/backup.zip"),
        b(Placement.QUERY, "q", "what is .env for"));
  }
}
