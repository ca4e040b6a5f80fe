/**
 * Attack detection: {@link ai.traceable.tme.engine.detect.DetectionStage} runs every {@link
 * ai.traceable.tme.engine.detect.Detector} of {@link ai.traceable.tme.engine.detect.Detectors} on
 * every inspected value of a request and scores what they report; one subpackage per attack class.
 *
 * <h2>The shape of a detector</h2>
 *
 * A detector is a final, stateless class in its own subpackage that implements {@link
 * ai.traceable.tme.engine.detect.Detector}: a {@link ai.traceable.tme.engine.detect.RuleTable}
 * declared constant by constant (id {@code <class>-<nnn>}, severity, paranoia, one-line
 * description) and {@code inspect}, which reports rules through {@link
 * ai.traceable.tme.engine.detect.Hits} with a short snippet. Per-value state lives in a scan object
 * created by {@code inspect}, never in the detector. Work must be linear in the value: no
 * backtracking regular expressions, every look-around bounded. The shared scanning primitives are
 * {@link ai.traceable.tme.engine.detect.Chars} (character classes), {@link
 * ai.traceable.tme.engine.detect.Text} (searching and skipping in ranges, ASCII case folding),
 * {@link ai.traceable.tme.engine.detect.Keywords} (many keywords in one pass) and {@link
 * ai.traceable.tme.engine.detect.FoundRules} (each rule once, first snippet, stop when critical).
 * When a grammar is involved (SQL, HTML, JavaScript, shell), it lives in its own classes next to
 * the detector, which stays small.
 *
 * <p>A detector may declare a {@link ai.traceable.tme.engine.detect.Gate}: the needles (its
 * markers, the characters its early returns test) without which it finds nothing. The stage finds
 * the needles of every detector in one pass per value and runs only the detectors whose gate opens;
 * {@code DetectorHarness} fails a table row whose finding hides behind a shut gate.
 *
 * <h2>Adding a detector</h2>
 *
 * <ol>
 *   <li>Add its class to {@link ai.traceable.tme.engine.detect.AttackClass} (the key is the rule id
 *       prefix and the name rules files use).
 *   <li>Write {@code <Name>Detector} in {@code engine.detect.<key>}: its rule table and {@code
 *       inspect}. Override {@code inspectCounting} if it counts its scanning steps.
 *   <li>Register it in {@link ai.traceable.tme.engine.detect.Detectors}, cheap and decisive
 *       detectors first.
 *   <li>Write {@code <Name>DetectorTest} in the same package of the tests, extending {@code
 *       DetectorTableTest}: static {@code attacks()} and {@code benign()} rows, each naming the
 *       rule it expects or none. {@code DetectorsFuzzTest} picks the detector and its rows up by
 *       name and fuzzes it; {@code RulesDocumentationTest} wants each rule listed in {@code
 *       docs/rules.md}.
 * </ol>
 */
package ai.traceable.tme.engine.detect;
