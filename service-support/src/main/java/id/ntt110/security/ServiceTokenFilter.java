package id.ntt110.security;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Puts this service's own client-credentials token on a call to another ntt110 service (on every REST
 * client; as a {@code @Provider} it is on every REST client, and each of ours calls an ntt110 service). The token is kept and renewed shortly before it expires
 * ({@code quarkus.oidc-client.refresh-token-time-skew}); while the identity provider cannot be reached, a token
 * that has not expired yet is still used, and without one the call fails as if the other service were down, so the
 * caller's outbox keeps it and retries — never a 401 that would look like a refusal.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ServiceTokenFilter implements ClientRequestFilter {

    private static final Logger LOG = Logger.getLogger(ServiceTokenFilter.class);
    private static final Duration WAIT = Duration.ofSeconds(3);
    /** After a failed attempt, calls do not queue up for another one this long: they fail (or use the token) at once. */
    private static final long QUIET_NANOS = Duration.ofSeconds(10).toNanos();

    @Inject
    OidcClient client;

    private volatile Tokens tokens;
    private volatile long lastFailure;

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + currentToken());
    }

    private String currentToken() {
        Tokens current = tokens;
        if (current != null && !current.isAccessTokenExpired() && !current.isAccessTokenWithinRefreshInterval()) {
            return current.getAccessToken();
        }
        if (lastFailure != 0 && System.nanoTime() - lastFailure < QUIET_NANOS) {
            return fallback(current, null);
        }
        synchronized (this) {
            current = tokens;
            if (current != null && !current.isAccessTokenExpired() && !current.isAccessTokenWithinRefreshInterval()) {
                return current.getAccessToken();
            }
            try {
                tokens = client.getTokens().await().atMost(WAIT);
                lastFailure = 0;
                return tokens.getAccessToken();
            } catch (RuntimeException e) {
                lastFailure = System.nanoTime();
                return fallback(current, e);
            }
        }
    }

    /** The current token while it is valid; otherwise the call fails as if the other service were unreachable. */
    private static String fallback(Tokens current, RuntimeException failure) {
        if (current != null && !current.isAccessTokenExpired()) {
            if (failure != null) {
                LOG.warnf("Could not renew this service's token (%s); using the current one until it expires", failure.toString());
            }
            return current.getAccessToken();
        }
        throw new ProcessingException("No service token: the identity provider could not be reached"
                + (failure == null ? " (last attempt under 10 s ago)" : " (" + failure.getClass().getSimpleName() + ")"), failure);
    }
}
