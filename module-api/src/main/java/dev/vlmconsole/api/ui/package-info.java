/**
 * Vaadin helpers for module pages, so that every module shows things the same way; for example
 * {@link dev.vlmconsole.api.ui.FieldErrors}, which shows an
 * {@link dev.vlmconsole.api.InvalidInputException}'s messages beside the fields they concern.
 */
@NullMarked
package dev.vlmconsole.api.ui;

import org.jspecify.annotations.NullMarked;
