package dev.vlmconsole.app.audit;

import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.app.modules.ModuleRegistry;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Readable names of audit target types, as the modules declare them in
 * {@link ConsoleModule#auditTargetTypes()} (core first; the first module to name a type wins). A
 * type nobody names, such as one a module built against module-api 1.0 writes, reads as itself.
 */
@Component
public class AuditTargetTypes {

    private final Map<String, String> names = new HashMap<>();

    AuditTargetTypes(ModuleRegistry registry) {
        for (ConsoleModule m : registry.modules()) {
            m.auditTargetTypes().forEach(names::putIfAbsent);
        }
    }

    /** The name to show for {@code type}. */
    public String nameOf(String type) {
        return names.getOrDefault(type, type);
    }

    /** The name to show for the target's type; empty for {@link AuditTarget#NONE}. */
    public String nameOf(AuditTarget target) {
        return target.isNone() ? "" : nameOf(target.type());
    }
}
