package ai.traceable.tme.engine.detect.php;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class PhpDetectorTest extends DetectorTableTest {
  private static final PhpDetector DETECTOR = new PhpDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "page", "php://filter/convert.base64-encode/resource=index", "php-100"),
        a(Placement.QUERY, "path", "phar:///var/www/uploads/a.jpg/t.txt", "php-100"),
        a(Placement.QUERY, "lang", "expect://id", "php-100"),
        a(Placement.QUERY, "src", "compress.zlib://php://input", "php-100"),
        a(Placement.QUERY, "tpl", "data:text/plain,<?php phpinfo();?>", "php-100"),
        a(Placement.QUERY, "tpl", "data://text/plain;base64,PD9waHAgc3lzdGVtKCk7", "php-100"),
        a(Placement.COOKIE, "cart", "O:8:\"stdClass\":1:{s:4:\"file\";}", "php-110"),
        a(Placement.FORM, "order", "O:%2B14:\"SoapClient\":2:{}", "php-110"),
        a(Placement.QUERY, "expr", "system('cat /etc/passwd')", "php-120"),
        a(Placement.QUERY, "a", "assert(base64_decode('c3lzdGVt'))", "php-120"),
        a(Placement.JSON, "callback", "highlight_file('/var/www/config.php')", "php-120"),
        a(Placement.JSON, "handler", "array_map('system', array('id'))", "php-120"),
        a(Placement.QUERY, "x", "phpinfo()", "php-120"),
        a(Placement.QUERY, "f", "$_GET['a']($_GET['b'])", "php-121"),
        a(Placement.FORM, "c", "(\"sys\".\"tem\")(\"whoami\");", "php-121"),
        a(Placement.QUERY, "cmd", "${@print(md5(31337))}", "php-121"),
        a(Placement.QUERY, "ip", "127.0.0.1;<?php $a=$_GET[1]; ?>", "php-130"),
        a(Placement.MULTIPART, "f", "AddType application/x-httpd-php .jpg", "php-140"),
        a(
            Placement.MULTIPART,
            "f",
            "<?php $d=gzinflate(base64_decode($_POST['k']));\n?>",
            "php-140"),
        a(Placement.QUERY_NAME, "", "_SERVER[DOCUMENT_ROOT]", "php-150"),
        a(Placement.FORM_NAME, "", "GLOBALS[x]", "php-150"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(
            Placement.JSON,
            "body",
            "After upgrading to PHP 8.3, php://input returns an empty string"),
        b(Placement.JSON, "image", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg"),
        b(Placement.FORM, "q", "data: science bootcamp"),
        b(Placement.FORM, "message", "Please forward the exec summary to the board."),
        b(Placement.JSON, "text", "Call the system admin about the printer."),
        b(Placement.JSON, "text", "File system(s) are full"),
        b(Placement.JSON, "text", "operating system (Linux)"),
        b(Placement.QUERY, "category", "php-frameworks"),
        b(Placement.JSON, "code", "const m = re.exec(line);"),
        b(Placement.JSON, "ratio", "O:3 vs C:2"),
        b(Placement.TEXT, "", "<?xml version=\"1.0\"?><a>(b)</a>"),
        b(Placement.JSON, "file", "<?php\nreturn ['db' => getenv('DB_HOST')];\n"),
        b(Placement.QUERY_NAME, "", "server[name]"),
        b(Placement.JSON, "code", "<?php echo htmlspecialchars($title, ENT_QUOTES); ?>"));
  }
}
