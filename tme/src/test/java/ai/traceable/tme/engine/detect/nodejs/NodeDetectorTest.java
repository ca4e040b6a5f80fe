package ai.traceable.tme.engine.detect.nodejs;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class NodeDetectorTest extends DetectorTableTest {
  private static final NodeDetector DETECTOR = new NodeDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "expr", "require('fs').readdirSync('.')", "nodejs-100"),
        a(Placement.QUERY, "q", "require('child_'+'process').exec('id')", "nodejs-100"),
        a(Placement.QUERY, "m", "import('os').then(m=>m.userInfo())", "nodejs-100"),
        a(Placement.QUERY, "q", "require(name)", "nodejs-100"),
        a(Placement.QUERY, "cb", "process.exit(1)", "nodejs-110"),
        a(Placement.QUERY, "q", "globalThis.process.env.DATABASE_URL", "nodejs-110"),
        a(Placement.FORM, "x", "JSON.stringify(process.env)", "nodejs-110"),
        a(Placement.QUERY, "q", "global['pro'+'cess']['main'+'Module']", "nodejs-110"),
        a(Placement.JSON, "f", "new Function('return process')().mainModule", "nodejs-130"),
        a(Placement.JSON, "p", "module.constructor._load('x').execSync('id')", "nodejs-110"),
        a(Placement.JSON, "x", "x.execSync('id')", "nodejs-120"),
        a(Placement.QUERY, "c", "vm.runInNewContext('1')", "nodejs-120"),
        a(Placement.JSON, "u", "_$$ND_FUNC$$_function(){}()", "nodejs-130"),
        a(Placement.QUERY, "q", "Reflect.construct(Function,['x'])()", "nodejs-130"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.FORM, "note", "Do you require a receipt?"),
        b(Placement.JSON, "step", "process"),
        b(Placement.JSON, "title", "Global process improvement in five steps"),
        b(Placement.JSON, "description", "Experience with child processes and streams is a plus."),
        b(Placement.QUERY, "q", "fs readFileSync example"),
        b(Placement.JSON, "label", "setTimeout reminder"),
        b(Placement.FORM, "text", "Kill the process server on staging before deploying."),
        b(
            Placement.JSON,
            "content",
            "const express = require('express');\napp.listen(process.env.PORT);\n"),
        b(Placement.JSON, "text", "we require (at least) two weeks"),
        b(Placement.JSON, "text", "import (goods) from abroad"));
  }
}
