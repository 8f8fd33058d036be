package dev.vlmconsole.api.services;

/**
 * Absolute links to the console's pages, for emails and other messages read outside the console
 * (an invitation, a password reset). The console builds them from {@code console.public-url}, else
 * from {@code http://localhost}, the port it listens on and its context path; never from the
 * request's {@code Host} header, which anyone can set and which would send a secret link to their
 * server.
 *
 * @since 1.2
 */
public interface ConsoleLinks {

    /**
     * The absolute address of a console path.
     *
     * @param pathSegments the path's segments, each encoded as needed, such as {@code "invite", token};
     *                     none for the console's home
     */
    String to(String... pathSegments);

    /**
     * Whether {@code console.public-url} is set; when not, links name {@code localhost} and work only
     * on the console's own machine, so a page may warn the operator.
     */
    boolean hasPublicUrl();
}
