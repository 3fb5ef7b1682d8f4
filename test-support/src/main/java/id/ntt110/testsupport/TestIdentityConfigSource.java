package id.ntt110.testsupport;

import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands a service under test {@link TestIdentity}'s public key, issuer and token endpoint — found by ServiceLoader
 * wherever test-support is on the class path, i.e. in every service's tests and never in a packaged service.
 * Ordinal 275: above application.properties, below the environment and system properties.
 */
public class TestIdentityConfigSource implements ConfigSource {

    private static final Set<String> NAMES = Set.of("ntt110.oidc.public-key", "ntt110.oidc.issuer",
            "ntt110.oidc.client-secret", "quarkus.oidc-client.auth-server-url");

    @Override
    public Set<String> getPropertyNames() {
        return NAMES;
    }

    @Override
    public String getValue(String name) {
        return switch (name) {
            case "ntt110.oidc.public-key" -> TestIdentity.publicKey();
            case "ntt110.oidc.issuer" -> TestIdentity.ISSUER;
            case "ntt110.oidc.client-secret" -> TestIdentity.CLIENT_SECRET;
            case "quarkus.oidc-client.auth-server-url" -> TestIdentity.tokenEndpointBase();
            default -> null;
        };
    }

    @Override
    public String getName() {
        return "ntt110-test-identity";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
