/**
 * SecLang transformations ({@code t:name}) with ModSecurity v2's byte semantics.
 *
 * <p>Values are byte strings (chars 0..255, one per byte). Each transformation is a small immutable
 * class; {@link ai.traceable.tme.engine.seclang.transform.Transformations#byName} finds them
 * ignoring case. Edge cases (invalid and truncated encodings, NUL bytes, bytes above 0x7F) follow
 * what ModSecurity 2.9.7 does, checked against it, so CRS rules tuned on ModSecurity see the same
 * bytes. Nothing here throws on any value or does I/O, and every transformation is linear in the
 * length of its input.
 */
package ai.traceable.tme.engine.seclang.transform;
