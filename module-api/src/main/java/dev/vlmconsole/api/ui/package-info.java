/**
 * A small UI kit for what every module's pages repeat, so that modules look and behave alike
 * and a new module does not copy another module's view.
 *
 * <ul>
 *   <li>{@link dev.vlmconsole.api.ui.EmptyState}: icon, title, text and an optional action, for an
 *       empty list or page;</li>
 *   <li>{@link dev.vlmconsole.api.ui.StatusBadge}: a short status word in one of a few tones;</li>
 *   <li>{@link dev.vlmconsole.api.ui.RowActions}: the accessible "⋮" menu of a grid row;</li>
 *   <li>{@link dev.vlmconsole.api.ui.DestructiveConfirmDialog}: the question before an action that
 *       cannot be undone;</li>
 *   <li>{@link dev.vlmconsole.api.ui.Notifications}: success, error and information messages with
 *       one duration, position and announcement policy;</li>
 *   <li>{@link dev.vlmconsole.api.ui.FieldErrors}: shows an
 *       {@link dev.vlmconsole.api.InvalidInputException}'s messages beside the fields they concern.</li>
 * </ul>
 *
 * <p>The kit's components bring their own stylesheet ({@value dev.vlmconsole.api.ui.UiKit#STYLESHEET},
 * in this jar), loaded with {@code @StyleSheet} the first time one of them is shown. Its class
 * names start with {@value dev.vlmconsole.api.ui.UiKit#CLASS_PREFIX}; a module's own class names
 * start with the module's id (see {@link dev.vlmconsole.api.ui.UiKit}).
 *
 * <p>The kit needs the Vaadin components it builds on (button, badge, dialog, menu bar,
 * notification, icons); the console ships them, so a module declares them {@code provided} like
 * the rest of Vaadin.
 *
 * <p>Why the kit is here and how module styles are loaded: DD013
 * ({@code docs/decisions/DD013-module-styles-and-ui-kit.md}).
 */
@NullMarked
package dev.vlmconsole.api.ui;

import org.jspecify.annotations.NullMarked;
