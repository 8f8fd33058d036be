package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import java.util.Optional;

/**
 * test-support's context, plus the operator permission as the console grants it: to a signed-in person
 * who is an operator, in any workspace or none, never to an API key.
 */
final class OperatorAwareContext implements ConsoleContext {

    private final FakeConsoleContext fake;

    OperatorAwareContext(FakeConsoleContext fake) {
        this.fake = fake;
    }

    @Override
    public Actor actor() {
        return fake.actor();
    }

    @Override
    public Optional<WorkspaceRef> workspace() {
        return fake.workspace();
    }

    @Override
    public boolean can(String permission) {
        if (Permissions.OPERATOR.equals(permission)) {
            try {
                Actor actor = fake.actor();
                return actor.kind() == Actor.Kind.USER && actor.operator();
            } catch (RuntimeException nobody) {
                return false;
            }
        }
        return fake.can(permission);
    }

    @Override
    public Optional<ApiKeyPrincipal> apiKey() {
        return fake.apiKey();
    }

    @Override
    public Optional<String> sourceAddress() {
        return fake.sourceAddress();
    }
}
