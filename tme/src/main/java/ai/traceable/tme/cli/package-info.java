/**
 * The commands of {@code java -jar tme.jar}, one class each, dispatched by {@link
 * ai.traceable.tme.Main}: {@link ai.traceable.tme.cli.ServeCommand} (the ext_authz service, the
 * default), {@link ai.traceable.tme.cli.InjectorCommand} (the sidecar injector webhook) and {@link
 * ai.traceable.tme.cli.CheckCommand} (offline evaluation of requests against a rules file). Each
 * reads its settings, reports failures with the documented exit codes, and leaves the wiring of
 * what it runs to {@link ai.traceable.tme.Tme} or the {@code injector} package.
 */
package ai.traceable.tme.cli;
