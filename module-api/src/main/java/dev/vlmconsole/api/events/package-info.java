/**
 * Domain events the console and modules publish through Spring's {@code ApplicationEventPublisher}.
 * React to them with {@code @TransactionalEventListener} (after commit) or {@code @EventListener}
 * (inside the publishing transaction, so that a failure rolls the whole change back).
 */
@NullMarked
package dev.vlmconsole.api.events;

import org.jspecify.annotations.NullMarked;
