package dev.vlmconsole.app.sso;

import dev.vlmconsole.app.ConsoleProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The single {@code sso} client registration, discovered from the issuer's
 * {@code .well-known/openid-configuration} at the first SSO sign-in rather than at start: the console
 * starts while the provider is down, a failed discovery is answered with a plain message on the sign-in
 * page and tried again at the next click, and a successful one is kept until the console stops (DD034).
 * Not a bean of type {@link ClientRegistrationRepository}, so that Spring Boot's own OAuth2 client set-up
 * stays out of the way; {@code SecurityConfig} hands it to {@code oauth2Login} itself.
 */
@Component
public class SsoRegistrations implements ClientRegistrationRepository {

    /** The registration id: the redirect URI is {@code {baseUrl}/login/oauth2/code/sso}. */
    public static final String REGISTRATION_ID = "sso";

    static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(SsoRegistrations.class);

    private final ConsoleProperties.Oidc settings;
    private final RestClient http;
    private volatile @Nullable ClientRegistration registration;

    public SsoRegistrations(ConsoleProperties settings) {
        this.settings = settings.oidc();
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(DISCOVERY_TIMEOUT);
        requests.setReadTimeout(DISCOVERY_TIMEOUT);
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        return REGISTRATION_ID.equals(registrationId) ? registration().orElse(null) : null;
    }

    /**
     * The registration, discovered now if it has not been yet; empty when SSO is off or the provider
     * cannot be reached or answers something unusable (logged, without secrets).
     */
    public Optional<ClientRegistration> registration() {
        ClientRegistration known = registration;
        if (known != null || !settings.enabled()) {
            return Optional.ofNullable(known);
        }
        synchronized (this) {
            if (registration == null) {
                try {
                    registration = discover();
                    log.info("Single sign-on: discovered the provider of {}", settings.issuerUri());
                } catch (RuntimeException e) {
                    log.warn(
                            "Single sign-on: cannot discover the provider of {} ({}); trying again at the next sign-in",
                            settings.issuerUri(),
                            e.toString());
                    return Optional.empty();
                }
            }
            return Optional.of(registration);
        }
    }

    private ClientRegistration discover() {
        String issuer = settings.issuerUri();
        String location = UriComponentsBuilder.fromUriString(issuer)
                .path(issuer.endsWith("/") ? ".well-known/openid-configuration" : "/.well-known/openid-configuration")
                .build()
                .toUriString();
        Map<String, Object> metadata =
                http.get().uri(location).retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() {});
        if (metadata == null) {
            throw new IllegalStateException("empty discovery document");
        }
        // OpenID Connect Discovery 1.0, section 4.3: the document's issuer is the one asked for
        if (!Objects.equals(trimSlash(String.valueOf(metadata.get("issuer"))), trimSlash(issuer))) {
            throw new IllegalStateException("the discovery document names another issuer: " + metadata.get("issuer"));
        }
        ClientRegistration.Builder builder = ClientRegistrations.fromOidcConfiguration(metadata)
                .registrationId(REGISTRATION_ID)
                .clientId(settings.clientId())
                .scope(settings.scopeList())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .clientName(settings.buttonLabel());
        if (settings.clientSecret().isBlank()) {
            // a public client: PKCE protects the code
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(settings.clientSecret());
        }
        return builder.build();
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
