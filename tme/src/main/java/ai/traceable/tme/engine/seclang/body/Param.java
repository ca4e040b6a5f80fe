package ai.traceable.tme.engine.seclang.body;

/** A decoded name/value pair of a query string or body, as byte strings. */
public record Param(String name, String value) {}
