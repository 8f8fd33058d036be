/**
 * What a module's own tests need to run without the console, through the module API only (DD014).
 * Depend on {@code dev.vlmconsole:test-support} in <em>test</em> scope; it never belongs in a
 * module's or the console's run-time class path.
 *
 * <ul>
 *   <li>{@link dev.vlmconsole.testsupport.ModuleDatabase}: a fresh H2 or embedded PostgreSQL
 *       database with the module's Flyway migrations (and, when its tables reference them, the
 *       console's {@code users}, {@code workspaces} and {@code memberships}).</li>
 *   <li>{@link dev.vlmconsole.testsupport.TestMembers} and
 *       {@link dev.vlmconsole.testsupport.FakeConsoleContext}: people, workspaces, roles, and an
 *       acting context whose permissions come from the module's own descriptor.</li>
 *   <li>{@link dev.vlmconsole.testsupport.RecordingAuditLog}: an audit log tests assert on.</li>
 *   <li>{@link dev.vlmconsole.testsupport.ModuleTestContext}: the module's auto-configuration in a
 *       small Spring context with all of the above, for services wired as in production.</li>
 *   <li>{@link dev.vlmconsole.testsupport.KaribuModuleTest} and
 *       {@link dev.vlmconsole.testsupport.ModuleUi}: the module's pages with Karibu Testing,
 *       guarded by permission as the console guards them.</li>
 * </ul>
 *
 * <p>What needs the whole console (sign-in through the login page, the HTTP API behind its
 * security chains, several nodes) is tested in {@code console-app}.
 */
package dev.vlmconsole.testsupport;
