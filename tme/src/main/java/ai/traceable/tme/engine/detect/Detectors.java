package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.detect.cmdi.CmdiDetector;
import ai.traceable.tme.engine.detect.crlf.CrlfDetector;
import ai.traceable.tme.engine.detect.crlf.SmuggledRequestDetector;
import ai.traceable.tme.engine.detect.files.SensitiveFilesDetector;
import ai.traceable.tme.engine.detect.graphql.GraphqlDetector;
import ai.traceable.tme.engine.detect.jndi.JndiDetector;
import ai.traceable.tme.engine.detect.jvm.JavaDetector;
import ai.traceable.tme.engine.detect.ldap.LdapDetector;
import ai.traceable.tme.engine.detect.mail.MailDetector;
import ai.traceable.tme.engine.detect.nodejs.NodeDetector;
import ai.traceable.tme.engine.detect.nosqli.NoSqlDetector;
import ai.traceable.tme.engine.detect.php.PhpDetector;
import ai.traceable.tme.engine.detect.proto.PrototypePollutionDetector;
import ai.traceable.tme.engine.detect.protocol.ProtocolDetector;
import ai.traceable.tme.engine.detect.redirect.RedirectDetector;
import ai.traceable.tme.engine.detect.rfi.RfiDetector;
import ai.traceable.tme.engine.detect.scanner.ScannerDetector;
import ai.traceable.tme.engine.detect.session.SessionFixationDetector;
import ai.traceable.tme.engine.detect.sqli.SqliDetector;
import ai.traceable.tme.engine.detect.ssi.SsiDetector;
import ai.traceable.tme.engine.detect.ssjs.ServerJsDetector;
import ai.traceable.tme.engine.detect.ssrf.SsrfDetector;
import ai.traceable.tme.engine.detect.ssti.SstiDetector;
import ai.traceable.tme.engine.detect.traversal.TraversalDetector;
import ai.traceable.tme.engine.detect.unc.UncDetector;
import ai.traceable.tme.engine.detect.upload.UploadDetector;
import ai.traceable.tme.engine.detect.wincmd.WindowsCommandDetector;
import ai.traceable.tme.engine.detect.xss.BareScriptDetector;
import ai.traceable.tme.engine.detect.xss.XssDetector;
import ai.traceable.tme.engine.detect.xxe.XxeDetector;
import java.util.List;

/** Every detector tme ships, in the order they run (cheap and decisive ones first). */
public final class Detectors {
  private static final List<Detector> ALL =
      List.of(
          new ScannerDetector(),
          new JndiDetector(),
          new TraversalDetector(),
          new SsrfDetector(),
          new XxeDetector(),
          new NoSqlDetector(),
          new CrlfDetector(),
          new SmuggledRequestDetector(),
          new SqliDetector(),
          new XssDetector(),
          new CmdiDetector(),
          new SstiDetector(),
          new UploadDetector(),
          new LdapDetector(),
          new MailDetector(),
          new SsiDetector(),
          new SensitiveFilesDetector(),
          new RedirectDetector(),
          new SessionFixationDetector(),
          new ProtocolDetector(),
          new GraphqlDetector(),
          new PrototypePollutionDetector(),
          new UncDetector(),
          new RfiDetector(),
          new PhpDetector(),
          new JavaDetector(),
          new NodeDetector(),
          new ServerJsDetector(),
          new WindowsCommandDetector(),
          new BareScriptDetector());

  private Detectors() {}

  public static List<Detector> all() {
    return ALL;
  }
}
