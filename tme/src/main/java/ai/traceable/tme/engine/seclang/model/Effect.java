package ai.traceable.tme.engine.seclang.model;

/**
 * A non-disruptive action that changes the transaction ({@code setvar}, {@code ctl}). A rule's
 * effects run, in the order written, each time one of its variables matches, even when a later rule
 * of its chain does not, as ModSecurity documents for chained rules.
 */
public sealed interface Effect permits SetVar, Ctl {}
