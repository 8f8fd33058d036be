/**
 * Services one module provides to others. The console registers a default for each when no
 * module provides one, so a module may always inject them.
 */
@NullMarked
package dev.vlmconsole.api.services;

import org.jspecify.annotations.NullMarked;
