/**
 * Services one module provides to others. The console registers a default for each when no
 * module provides one, so a module may always inject them.
 */
package dev.vlmconsole.api.services;
