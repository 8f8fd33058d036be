package dev.vlmconsole.app.modules;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.OperatorSection;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every module the console found (core first), checked once at start-up: unique ids, known
 * dependencies without cycles, unique permission keys and paths.
 *
 * <p>Modules are found, not listed, and register their own pages: DD001
 * ({@code docs/decisions/DD001-modules-found-not-listed.md}).
 */
public final class ModuleRegistry {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final List<ConsoleModule> modules;
    private final Map<String, Permission> permissions = new LinkedHashMap<>();
    /** Key scope to the permissions its keys may use (before the owner's role caps them). */
    private final Map<String, Set<String>> scopePermissions = new HashMap<>();
    /** The permissions that only read: held in a suspended workspace and in a support session (DD027). */
    private final Set<String> readOnly = new HashSet<>();

    private final List<NavigationEntry> navigation;
    private final List<OperatorSection> operatorSections;

    public ModuleRegistry(List<ConsoleModule> found) {
        this.modules = inDependencyOrder(found);
        Set<String> paths = new HashSet<>();
        for (ConsoleModule m : modules) {
            for (Permission p : m.permissions()) {
                if (p.key().equals(Permissions.SIGNED_IN)) {
                    throw new IllegalStateException("Module " + m.id() + " defines " + p.key()
                            + ", which the console holds for every signed-in person; use another key");
                }
                if (p.key().equals(Permissions.OPERATOR)) {
                    throw new IllegalStateException("Module " + m.id() + " defines " + p.key()
                            + ", which the console holds for the install's operators; use another key");
                }
                if (permissions.putIfAbsent(p.key(), p) != null) {
                    throw new IllegalStateException(
                            "Permission " + p.key() + " is defined twice (again by " + m.id() + ")");
                }
            }
            Set<String> own =
                    new HashSet<>(m.permissions().stream().map(Permission::key).toList());
            m.keyScopePermissions().forEach((scope, granted) -> {
                for (String p : granted) {
                    if (!own.contains(p)) {
                        throw new IllegalStateException("Module " + m.id() + " lets '" + scope + "' keys use " + p
                                + ", a permission it does not define");
                    }
                }
                scopePermissions.computeIfAbsent(scope, s -> new HashSet<>()).addAll(granted);
            });
            for (String p : m.readOnlyPermissions()) {
                if (!own.contains(p)) {
                    throw new IllegalStateException("Module " + m.id() + " lists " + p
                            + " among its read-only permissions, a permission it does not define");
                }
                readOnly.add(p);
            }
            for (NavigationEntry e : m.navigation()) {
                if (!paths.add(e.path())) {
                    throw new IllegalStateException(
                            "Path /" + e.path() + " is claimed twice (again by " + m.id() + ")");
                }
            }
        }
        this.navigation = navigationOf(modules);
        this.operatorSections = operatorSectionsOf(modules);
    }

    /** Modules in migration order: core first, then each module after those it depends on. */
    public List<ConsoleModule> modules() {
        return modules;
    }

    /** Whether {@code role} holds {@code permission}; unknown permissions are held by nobody. */
    public boolean isGranted(Role role, String permission) {
        Permission p = permissions.get(permission);
        return p != null && p.isGrantedTo(role);
    }

    /**
     * Whether {@code permission} only reads: one of the {@code readOnlyPermissions()} of the module that
     * defines it (the console's own, such as the audit log's, included). A member of a suspended
     * workspace keeps only these, and an operator's support session holds exactly these (DD027).
     */
    public boolean isReadOnly(String permission) {
        return readOnly.contains(permission);
    }

    /** Whether a key with these scopes may use {@code permission} at all (its owner's role still has to hold it). */
    public boolean isAllowedForScopes(Set<String> scopes, String permission) {
        for (String scope : scopes) {
            if (scopePermissions.getOrDefault(scope, Set.of()).contains(permission)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every navigation entry, ordered by module then entry order, except that the home page (the
     * entry at the root path, the dashboard) always leads. The console's own module comes after the
     * others here (see {@link CoreModule#order()}), so its audit log and profile close the list.
     */
    public List<NavigationEntry> navigation() {
        return navigation;
    }

    private static List<NavigationEntry> navigationOf(List<ConsoleModule> modules) {
        List<NavigationEntry> all = new ArrayList<>();
        for (ConsoleModule m : modules.stream()
                .sorted(Comparator.comparingInt(ConsoleModule::order))
                .toList()) {
            m.navigation().stream()
                    .sorted(Comparator.comparingInt(NavigationEntry::order))
                    .forEach(all::add);
        }
        all.sort(Comparator.comparing((NavigationEntry e) -> !e.path().equals(CoreModule.HOME_PATH)));
        return List.copyOf(all);
    }

    /** The entry that registered {@code view}, if a module did. */
    public Optional<NavigationEntry> entryFor(Class<?> view) {
        return navigation.stream().filter(e -> e.view().equals(view)).findFirst();
    }

    /** Every dashboard card, ordered. */
    public List<DashboardCard> dashboardCards() {
        return modules.stream()
                .flatMap(m -> m.dashboardCards().stream())
                .sorted(Comparator.comparingInt(DashboardCard::order))
                .toList();
    }

    /**
     * Every module's sections of an operator's page of one workspace, ordered by their order, then
     * module order. Ids are unique: the console refuses to start when two sections share one.
     */
    public List<OperatorSection> operatorSections() {
        return operatorSections;
    }

    private static List<OperatorSection> operatorSectionsOf(List<ConsoleModule> modules) {
        List<OperatorSection> all = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConsoleModule m : modules) {
            for (OperatorSection s : m.operatorSections()) {
                if (!ids.add(s.id())) {
                    throw new IllegalStateException(
                            "Operator section " + s.id() + " is declared twice (again by " + m.id() + ")");
                }
                all.add(s);
            }
        }
        all.sort(Comparator.comparingInt(OperatorSection::order));
        return List.copyOf(all);
    }

    static List<ConsoleModule> inDependencyOrder(List<ConsoleModule> found) {
        Map<String, ConsoleModule> byId = new HashMap<>();
        for (ConsoleModule m : found) {
            if (!ID.matcher(m.id()).matches()) {
                throw new IllegalStateException("Module id '" + m.id() + "' must match " + ID.pattern());
            }
            if (byId.putIfAbsent(m.id(), m) != null) {
                throw new IllegalStateException("Two modules have the id " + m.id());
            }
        }
        List<ConsoleModule> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing((ConsoleModule m) -> !m.id().equals(CoreModule.ID))
                .thenComparingInt(ConsoleModule::order)
                .thenComparing(ConsoleModule::id));
        List<ConsoleModule> result = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (ConsoleModule m : sorted) {
            visit(m, byId, done, new ArrayDeque<>(), result);
        }
        return List.copyOf(result);
    }

    private static void visit(
            ConsoleModule m,
            Map<String, ConsoleModule> byId,
            Set<String> done,
            Deque<String> path,
            List<ConsoleModule> out) {
        if (done.contains(m.id())) {
            return;
        }
        if (path.contains(m.id())) {
            throw new IllegalStateException("Modules depend on each other in a cycle: " + path + " -> " + m.id());
        }
        path.push(m.id());
        for (String dep : m.dependsOn()) {
            ConsoleModule d = byId.get(dep);
            if (d == null) {
                throw new IllegalStateException("Module " + m.id() + " depends on " + dep + ", which is not installed");
            }
            visit(d, byId, done, path, out);
        }
        path.pop();
        done.add(m.id());
        out.add(m);
    }
}
