/**
 * SecLang operators ({@code @rx}, {@code @pm}, ...), compiled once per rule into immutable,
 * thread-safe objects by {@link ai.traceable.tme.engine.seclang.operator.Operators#create}.
 *
 * <p>{@code @rx} never backtracks: patterns are parsed here with PCRE's meaning under ModSecurity's
 * options and run by RE2/J (linear time), after a literal prefilter. Operators that can only match
 * values containing certain literals implement {@link
 * ai.traceable.tme.engine.seclang.operator.Prefiltered}; {@link
 * ai.traceable.tme.engine.seclang.operator.PrefilterIndex} turns the literals of a whole rule set
 * into one Aho-Corasick pass per value that names the operators worth running. Files named by
 * arguments ({@code @pmFromFile}, {@code @ipMatchFromFile}) are read when the operator is compiled;
 * evaluation does no I/O.
 */
package ai.traceable.tme.engine.seclang.operator;
