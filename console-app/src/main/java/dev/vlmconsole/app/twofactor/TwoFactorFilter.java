package dev.vlmconsole.app.twofactor;

import com.vaadin.flow.server.HandlerHelper;
import com.vaadin.flow.spring.security.RequestUtil;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console chain's half of the two-factor gate: while the signed-in person still owes their second
 * factor (or must set one up), every request but the code page, sign-in and sign-out, static files and
 * Vaadin's own requests is refused: a page load is sent to {@code /two-factor}, anything else gets
 * {@code 403}. Vaadin's own requests carry the navigation inside the page, which
 * {@link TwoFactorNavigationGuard} holds up the same way, and the events of pages already open, which
 * {@link TwoFactorRequestHandler} refuses (only it knows which page a round trip comes from). See DD017.
 */
public class TwoFactorFilter extends OncePerRequestFilter {

    /** The code (and set-up) page's path. */
    public static final String PATH = "/" + TwoFactorView.ROUTE;

    private final TwoFactorGate gate;
    private final RequestUtil vaadin;
    private final RequestMatcher open;

    public TwoFactorFilter(TwoFactorGate gate, RequestUtil vaadin) {
        this.gate = gate;
        this.vaadin = vaadin;
        List<RequestMatcher> paths = Stream.concat(
                        Stream.of(PATH, "/login", "/logout", "/error", "/styles/**", "/VAADIN/**"),
                        Stream.of(HandlerHelper.getPublicResources()))
                .map(p -> (RequestMatcher)
                        PathPatternRequestMatcher.withDefaults().matcher(p))
                .toList();
        this.open = new OrRequestMatcher(paths);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (open.matches(request) || vaadin.isFrameworkInternalRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (gate.need() == TwoFactorGate.Need.NOTHING) {
            chain.doFilter(request, response);
            return;
        }
        if ("GET".equals(request.getMethod())) {
            String path =
                    request.getRequestURI().substring(request.getContextPath().length());
            String query = request.getQueryString();
            SecondFactorSession.rememberContinue(request.getSession(false), query == null ? path : path + "?" + query);
            response.sendRedirect(request.getContextPath() + PATH);
        } else {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Finish signing in first");
        }
    }
}
