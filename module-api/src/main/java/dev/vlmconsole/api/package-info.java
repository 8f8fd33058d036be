/**
 * The contract between the console and its modules, version {@value dev.vlmconsole.api.ModuleApi#VERSION}.
 *
 * <p>A module is a jar with a Spring Boot auto-configuration that contributes one {@link
 * dev.vlmconsole.api.ConsoleModule} bean (its descriptor) plus the beans its views and services
 * need. It talks to the console and to other modules only through the types in this package:
 * the acting {@link dev.vlmconsole.api.ConsoleContext}, the {@link dev.vlmconsole.api.AuditLog},
 * the domain events in {@code dev.vlmconsole.api.events} and the cross-module services in
 * {@code dev.vlmconsole.api.services}, each of which has a default when no module provides it.
 *
 * <p>Every package of the contract is {@link org.jspecify.annotations.NullMarked @NullMarked}: no
 * parameter, return value or record component is null unless it is marked
 * {@link org.jspecify.annotations.Nullable @Nullable}; absent values are {@code Optional} or empty.
 */
@NullMarked
package dev.vlmconsole.api;

import org.jspecify.annotations.NullMarked;
