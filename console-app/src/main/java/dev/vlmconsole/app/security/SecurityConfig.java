package dev.vlmconsole.app.security;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.PlatformKeyAuthenticator;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.account.LastActiveFilter;
import dev.vlmconsole.app.account.LastActiveRecorder;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.signin.LoginThrottle;
import dev.vlmconsole.app.signin.LoginView;
import dev.vlmconsole.app.signin.PasswordlessAwareEncoder;
import dev.vlmconsole.app.signin.SessionEpochFilter;
import dev.vlmconsole.app.signin.SessionEpochs;
import dev.vlmconsole.app.signin.SignInFailureHandler;
import dev.vlmconsole.app.signin.ThrottledAuthenticationProvider;
import dev.vlmconsole.app.sso.BreakGlass;
import dev.vlmconsole.app.sso.SsoSecurity;
import dev.vlmconsole.app.twofactor.TwoFactorFilter;
import dev.vlmconsole.app.twofactor.TwoFactorGate;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Three filter chains: the stateless machine API under {@code /api/**} (bearer keys, no CSRF, no
 * session; paths modules declare public answer without a key), the operations endpoints (health
 * and metrics open, the rest closed), and the console UI (Vaadin form sign-in, CSRF on, session id
 * rotated at sign-in, throttled failures, sessions ended everywhere when the person says so, and a
 * second factor for those who have one or must: DD017; single sign-on with OpenID Connect beside it when
 * configured: DD034).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
public class SecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(
            HttpSecurity http,
            ApiKeyAuthenticator authenticator,
            ObjectProvider<PlatformKeyAuthenticator> platformKeys,
            ModuleRegistry modules,
            SecurityContextHolderStrategy contexts,
            ManagementCallLimiter managementCalls)
            throws Exception {
        String[] open = modules.modules().stream()
                .flatMap(m -> m.publicApiPaths().stream())
                .toArray(String[]::new);
        RequestMatcher publicPaths = open.length == 0
                ? request -> false
                : new OrRequestMatcher(Arrays.stream(open)
                        .map(p -> (RequestMatcher)
                                PathPatternRequestMatcher.withDefaults().matcher(p))
                        .toList());
        var keyFilter = new BearerKeyFilter(
                authenticator, platformKeys.getIfAvailable(), contexts, publicPaths, managementCalls);
        return http.securityMatcher("/api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .addFilterBefore(keyFilter, AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> {
                    a.requestMatchers("/api/openapi", "/api/openapi/**").permitAll();
                    if (open.length > 0) {
                        a.requestMatchers(open).permitAll();
                    }
                    a.anyRequest().authenticated();
                })
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> {
                            res.setHeader("WWW-Authenticate", "Bearer");
                            Problems.write(
                                    res, 401, "Unauthorized", "Send a valid API key as 'Authorization: Bearer <key>'.");
                        })
                        .accessDeniedHandler(
                                (req, res, ex) -> Problems.write(res, 403, "Forbidden", "This key may not do that.")))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain operationsChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain consoleChain(
            HttpSecurity http,
            RequestUtil requestUtil,
            SessionEpochs epochs,
            SecurityContextHolderStrategy contexts,
            LastActiveRecorder lastActive,
            TwoFactorGate twoFactor,
            SsoSecurity sso)
            throws Exception {
        http.authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.ERROR)
                .permitAll()
                .requestMatchers("/styles/**")
                .permitAll());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> {
            vaadin.loginView(LoginView.class, "/login?logout").enableCsrfConfiguration(false);
            // an SSO session is also signed out at the provider (DD034)
            sso.configureLogout(vaadin);
        });
        // Vaadin's own CSRF set-up also exempts the sign-in POST (vaadin/flow#17427), which allows login CSRF;
        // exempt only Vaadin's internal requests, which carry Vaadin's own token. The login form posts the
        // Spring token from the page's meta tags (DD006).
        http.csrf(c -> c.ignoringRequestMatchers(requestUtil::isFrameworkInternalRequest));
        http.formLogin(f -> f.failureHandler(new SignInFailureHandler()));
        http.sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()));
        // single sign-on beside the password form, when configured (DD034)
        sso.configure(http);
        // a password change or "Sign out everywhere" ends the person's other sessions, on every node
        http.addFilterAfter(new SessionEpochFilter(epochs, contexts), SecurityContextHolderFilter.class);
        // a person who still owes the second factor (or must set one up) gets the code page only (DD017)
        http.addFilterBefore(new TwoFactorFilter(twoFactor, requestUtil), AuthorizationFilter.class);
        // a signed-in person's request, once let through, marks them active (written coalesced, DD012)
        http.addFilterAfter(new LastActiveFilter(lastActive, contexts), AuthorizationFilter.class);
        http.headers(h -> h.frameOptions(f -> f.deny()));
        return http.build();
    }

    @Bean
    ThrottledAuthenticationProvider authenticationProvider(
            UserDetailsService users,
            PasswordEncoder encoder,
            LoginThrottle throttle,
            TwoFactorGate twoFactor,
            BreakGlass breakGlass) {
        ThrottledAuthenticationProvider provider =
                new ThrottledAuthenticationProvider(users, encoder, throttle, twoFactor::isEnrolled);
        // SSO-only: the password form is the operators' break-glass, each use audited (DD034)
        provider.setPasswordSignInRule(breakGlass);
        return provider;
    }

    /**
     * bcrypt at a configurable cost (default 10: 89 ms per check on the reference machine, 2 cores);
     * hashes carry their algorithm id so that a later change of KDF can re-hash on sign-in.
     */
    @Bean
    // bcrypt through DelegatingPasswordEncoder, cost from console.security.bcrypt-cost: DD005
    PasswordEncoder passwordEncoder(ConsoleProperties settings) {
        // an account without a password (SSO, DD034) matches nothing, after a decoy check of the same cost
        return new PasswordlessAwareEncoder(new DelegatingPasswordEncoder(
                "bcrypt",
                Map.of("bcrypt", new BCryptPasswordEncoder(settings.security().bcryptCost()))));
    }

    /** The management-call limit per key; also the meter of its refusals (DD032). */
    @Bean
    ManagementCallLimiter managementCallLimiter(ConsoleProperties settings) {
        return new ManagementCallLimiter(
                settings.api().managementRateLimit(), settings.api().managementRatePeriod());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
