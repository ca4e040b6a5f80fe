/**
 * Response inspection: finds data leaks in what an upstream answers (database and framework error
 * messages, stack traces, directory listings, card numbers, national ids, private keys, cloud
 * credentials). Plain Java with no I/O, like the rest of the engine; every matcher runs in time
 * linear in the body (hand-written scanners, literal searches or RE2/J).
 *
 * <p>One {@link ai.traceable.tme.engine.response.LeakDetector} per file, each with its own table
 * test; {@link ai.traceable.tme.engine.response.ResponseInspector} runs them over a body and says
 * what matched and where, so a caller can report, block or mask it.
 */
package ai.traceable.tme.engine.response;
