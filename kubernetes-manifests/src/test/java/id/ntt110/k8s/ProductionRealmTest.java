package id.ntt110.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The production realm (the KeycloakRealmImport in k8s/base/keycloak.yaml) against the local template that
 * {@code ./run.sh} and the suite tests import (test-support's {@code keycloak/ntt110-realm.json}): the same roles,
 * clients, mappers, service accounts, user profile, signing key, lifetimes and brute-force protection, so that what was
 * tested locally is what runs; without the local people and the password-grant client; every secret from a Kubernetes
 * Secret; one-time passwords for ADMIN and PROGRAM_MANAGER.
 */
class ProductionRealmTest {

    static final Path TEMPLATE = Manifests.ROOT.resolve("test-support/src/main/resources/keycloak/ntt110-realm.json");
    /** Top-level realm fields production has and the template has not: the sign-in flow with OTP, policies, audit. */
    static final Set<String> PRODUCTION_ONLY = Set.of("browserFlow", "authenticationFlows", "authenticatorConfig",
            "passwordPolicy", "eventsEnabled", "eventsExpiration", "adminEventsEnabled");
    /** Compared below on their own terms. */
    static final Set<String> COMPARED_APART = Set.of("users", "clients", "components");
    static final String CLI_CLIENT = "ntt110-cli";
    static final String CONSOLE_CLIENT = "ntt110-console";
    /** What the console client may hold that differs: its public URLs. */
    static final Set<String> CONSOLE_URLS = Set.of("rootUrl", "redirectUris", "webOrigins", "attributes");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode local = read(TEMPLATE);
    private final List<JsonNode> base = Manifests.renderBaseWithoutKubectl();
    private final JsonNode realmImport = only("KeycloakRealmImport");
    private final JsonNode prod = realmImport.path("spec").path("realm");

    @Test
    void theRealmSettingsAreTheLocalOnes() {
        assertThat(prod.path("realm").asText()).isEqualTo(local.path("realm").asText()).isEqualTo("ntt110");
        for (String field : names(local)) {
            if (!COMPARED_APART.contains(field)) {
                // roles, lifetimes (access token, SSO idle and maximum), brute-force protection, sslRequired, …
                assertThat(prod.get(field)).as("realm field %s (local template: %s)", field, local.get(field)).isEqualTo(local.get(field));
            }
        }
        Set<String> added = new TreeSet<>(names(prod));
        added.removeAll(names(local));
        assertThat(added).as("realm fields only production has").isSubsetOf(PRODUCTION_ONLY);
        assertThat(prod.path("roles").path("realm").findValuesAsText("name"))
                .containsExactly("OPERATOR", "SUPERVISOR", "PROGRAM_MANAGER", "ADMIN", "TELEPHONY", "SERVICE");
        assertThat(prod.path("bruteForceProtected").asBoolean()).isTrue();
    }

    @Test
    void theClientsAreTheLocalOnesWithoutThePasswordGrantClient() {
        Map<String, JsonNode> localClients = byClientId(local.path("clients"));
        Map<String, JsonNode> prodClients = byClientId(prod.path("clients"));
        assertThat(localClients).containsKey(CLI_CLIENT);
        localClients.remove(CLI_CLIENT);
        assertThat(prodClients.keySet()).as("production clients").isEqualTo(localClients.keySet());
        for (var entry : prodClients.entrySet()) {
            String clientId = entry.getKey();
            ObjectNode expected = localClients.get(clientId).deepCopy();
            ObjectNode actual = entry.getValue().deepCopy();
            // The secret is a placeholder (everySecretComesFromAKubernetesSecret); the console has its public host.
            expected.remove("secret");
            actual.remove("secret");
            if (clientId.equals(CONSOLE_CLIENT)) {
                expected.remove(CONSOLE_URLS);
                actual.remove(CONSOLE_URLS);
            }
            // grants, service accounts, the audience ntt110 and desk mappers, telephony's 7-day tokens and scopes, …
            assertThat(actual).as("client %s, but for its secret%s", clientId, clientId.equals(CONSOLE_CLIENT) ? " and URLs" : "")
                    .isEqualTo(expected);
            assertThat(entry.getValue().path("publicClient").asBoolean()).as("%s is confidential", clientId).isFalse();
            assertThat(entry.getValue().path("directAccessGrantsEnabled").asBoolean()).as("%s: no password grant in production", clientId).isFalse();
        }
        for (JsonNode client : prodClients.values()) {
            assertThat(client.path("protocolMappers").findValuesAsText("protocolMapper"))
                    .as("%s: audience and desk mappers", client.path("clientId").asText())
                    .contains("oidc-audience-mapper", "oidc-usermodel-attribute-mapper");
        }
    }

    @Test
    void theConsoleRedirectsOnlyToItsPublicHost() {
        JsonNode console = byClientId(prod.path("clients")).get(CONSOLE_CLIENT);
        URI root = URI.create(console.path("rootUrl").asText());
        assertThat(root.getScheme()).isEqualTo("https");
        assertThat(root.getHost()).isNotEqualTo("localhost").endsWith(".invalid");
        List<String> urls = new ArrayList<>();
        console.path("redirectUris").forEach(u -> urls.add(u.asText()));
        console.path("webOrigins").forEach(u -> urls.add(u.asText()));
        urls.add(console.path("attributes").path("post.logout.redirect.uris").asText());
        assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(root.toString()));
        assertThat(prod.toString()).as("nothing in the production realm points at localhost").doesNotContain("localhost");
    }

    @Test
    void noPersonIsImportedOnlyTheServiceAccountsWithTheirRoles() {
        List<JsonNode> localServiceAccounts = new ArrayList<>();
        local.path("users").forEach(u -> {
            if (u.has("serviceAccountClientId")) {
                localServiceAccounts.add(u);
            }
        });
        assertThat(localServiceAccounts).hasSize(5);
        List<JsonNode> prodUsers = new ArrayList<>();
        prod.path("users").forEach(prodUsers::add);
        assertThat(prodUsers).as("production users: the service accounts (SERVICE, TELEPHONY + offline_access), no person")
                .isEqualTo(localServiceAccounts);
        assertThat(prod.toString()).as("no password in the production realm").doesNotContain("\"credentials\"");
    }

    @Test
    void theSigningKeyAndTheUserProfileAreTheLocalOnes() {
        JsonNode localComponents = local.path("components");
        JsonNode prodComponents = prod.path("components");
        assertThat(names(prodComponents)).isEqualTo(names(localComponents));
        // The imported RSA key (its private half from a placeholder) — the key the services hold the public half of.
        assertThat(prodComponents.path("org.keycloak.keys.KeyProvider")).isEqualTo(localComponents.path("org.keycloak.keys.KeyProvider"));
        // The user profile with the admin-only attribute desk: the same JSON, laid out for reading.
        String key = "org.keycloak.userprofile.UserProfileProvider";
        ObjectNode expected = localComponents.path(key).get(0).deepCopy();
        ObjectNode actual = prodComponents.path(key).get(0).deepCopy();
        JsonNode expectedProfile = read(expected.path("config").path("kc.user.profile.config").get(0).asText());
        JsonNode actualProfile = read(actual.path("config").path("kc.user.profile.config").get(0).asText());
        assertThat(actualProfile).as("user profile").isEqualTo(expectedProfile);
        assertThat(actualProfile.path("attributes").findValuesAsText("name")).contains("desk");
        ((ObjectNode) expected.path("config")).remove("kc.user.profile.config");
        ((ObjectNode) actual.path("config")).remove("kc.user.profile.config");
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void everySecretComesFromAKubernetesSecret() {
        JsonNode placeholders = realmImport.path("spec").path("placeholders");
        Set<String> used = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(prod.toString());
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        assertThat(used).as("${...} in the realm = spec.placeholders").isEqualTo(names(placeholders));
        assertThat(secretOf(placeholders, "REALM_PRIVATE_KEY")).isEqualTo("ntt110-realm-key/private.key");
        for (JsonNode client : prod.path("clients")) {
            String clientId = client.path("clientId").asText();
            Matcher secret = PLACEHOLDER.matcher(client.path("secret").asText());
            assertThat(secret.matches()).as("%s: its secret is a placeholder, not a value", clientId).isTrue();
            assertThat(secretOf(placeholders, secret.group(1))).as("%s's secret", clientId).isEqualTo("ntt110-client-" + clientId + "/secret");
        }
        // The services read the same Secrets: their client's secret and the public half of the realm key.
        for (JsonNode deployment : base) {
            if (!deployment.path("kind").asText().equals("Deployment")) {
                continue;
            }
            String service = deployment.path("metadata").path("name").asText();
            Map<String, String> env = new HashMap<>();
            deployment.at("/spec/template/spec/containers/0/env").forEach(e -> {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    env.put(e.path("name").asText(), ref.path("name").asText() + "/" + ref.path("key").asText());
                }
            });
            assertThat(env.get("NTT110_OIDC_CLIENT_SECRET")).as(service).isEqualTo("ntt110-client-" + service + "/secret");
            assertThat(env.get("NTT110_OIDC_PUBLIC_KEY")).as(service).isEqualTo("ntt110-realm-key/public.key");
        }
    }

    @Test
    void adminsAndProgramManagersSignInWithAOneTimePassword() {
        JsonNode browser = flow(prod.path("browserFlow").asText());
        assertThat(browser.path("topLevel").asBoolean()).isTrue();
        for (JsonNode flow : prod.path("authenticationFlows")) {
            assertThat(flow.path("providerId").asText()).isEqualTo("basic-flow");
            assertThat(flow.path("builtIn").asBoolean()).isFalse();
            assertThat(flow.path("topLevel").asBoolean()).as(flow.path("alias").asText()).isEqualTo(flow == browser);
        }
        // How many one-time-password forms a person passes signing in (no session cookie yet): exactly one for
        // ADMIN and PROGRAM_MANAGER, also both at once; none for the others.
        assertThat(otpForms(Set.of("ADMIN"))).isEqualTo(1);
        assertThat(otpForms(Set.of("PROGRAM_MANAGER"))).isEqualTo(1);
        assertThat(otpForms(Set.of("ADMIN", "PROGRAM_MANAGER"))).isEqualTo(1);
        assertThat(otpForms(Set.of("OPERATOR", "ADMIN"))).isEqualTo(1);
        assertThat(otpForms(Set.of("SUPERVISOR", "PROGRAM_MANAGER"))).isEqualTo(1);
        for (String role : List.of("OPERATOR", "SUPERVISOR", "TELEPHONY", "SERVICE")) {
            assertThat(otpForms(Set.of(role))).as(role).isZero();
        }
        assertThat(otpForms(Set.of())).isZero();
        // Enrolment at the first sign-in needs the required action CONFIGURE_TOTP, a default one: none are overridden.
        assertThat(prod.has("requiredActions")).isFalse();
    }

    // ------------------------------------------------------------------------------------------- a browser flow, evaluated

    private int otpForms(Set<String> roles) {
        return run(flow(prod.path("browserFlow").asText()), roles);
    }

    /** Keycloak's semantics for what is used here: REQUIRED, ALTERNATIVE (the first that can run), CONDITIONAL. */
    private int run(JsonNode flow, Set<String> roles) {
        int otp = 0;
        boolean alternativeDone = false;
        List<JsonNode> executions = new ArrayList<>();
        flow.path("authenticationExecutions").forEach(executions::add);
        executions.sort((a, b) -> Integer.compare(a.path("priority").asInt(), b.path("priority").asInt()));
        for (JsonNode execution : executions) {
            String requirement = execution.path("requirement").asText();
            assertThat(requirement).isIn("REQUIRED", "ALTERNATIVE", "CONDITIONAL", "DISABLED");
            if (requirement.equals("DISABLED")) {
                continue;
            }
            if (execution.path("authenticatorFlow").asBoolean()) {
                JsonNode subflow = flow(execution.path("flowAlias").asText());
                switch (requirement) {
                    case "REQUIRED" -> otp += run(subflow, roles);
                    case "CONDITIONAL" -> otp += conditionsHold(subflow, roles) ? run(subflow, roles) : 0;
                    default -> {
                        if (!alternativeDone) {
                            otp += run(subflow, roles);
                            alternativeDone = true;
                        }
                    }
                }
                continue;
            }
            String authenticator = execution.path("authenticator").asText();
            switch (authenticator) {
                case "auth-cookie" -> assertThat(requirement).as("the session cookie is an alternative").isEqualTo("ALTERNATIVE");
                case "auth-username-password-form" -> assertThat(requirement).isEqualTo("REQUIRED");
                case "auth-otp-form" -> {
                    assertThat(requirement).isEqualTo("REQUIRED");
                    otp++;
                }
                case "conditional-user-role" -> assertThat(requirement).as("a condition is REQUIRED").isEqualTo("REQUIRED");
                default -> throw new AssertionError("authenticator " + authenticator + " is not evaluated by this test");
            }
        }
        return otp;
    }

    /** A CONDITIONAL subflow runs when all its conditions hold. */
    private boolean conditionsHold(JsonNode flow, Set<String> roles) {
        boolean all = true;
        int conditions = 0;
        for (JsonNode execution : flow.path("authenticationExecutions")) {
            if (!execution.path("authenticator").asText().startsWith("conditional-")) {
                continue;
            }
            conditions++;
            assertThat(execution.path("authenticator").asText()).isEqualTo("conditional-user-role");
            JsonNode config = authenticatorConfig(execution.path("authenticatorConfig").asText());
            String role = config.path("condUserRole").asText();
            assertThat(prod.path("roles").path("realm").findValuesAsText("name")).as("condition on a realm role").contains(role);
            String negate = config.path("negate").asText("false");
            assertThat(negate).isIn("true", "false");
            all &= roles.contains(role) != Boolean.parseBoolean(negate);
        }
        assertThat(conditions).as("conditions of %s", flow.path("alias").asText()).isPositive();
        return all;
    }

    private JsonNode flow(String alias) {
        return StreamSupport.stream(prod.path("authenticationFlows").spliterator(), false)
                .filter(f -> f.path("alias").asText().equals(alias)).findFirst()
                .orElseThrow(() -> new AssertionError("no authentication flow " + alias));
    }

    private JsonNode authenticatorConfig(String alias) {
        return StreamSupport.stream(prod.path("authenticatorConfig").spliterator(), false)
                .filter(c -> c.path("alias").asText().equals(alias)).findFirst()
                .orElseThrow(() -> new AssertionError("no authenticator config " + alias)).path("config");
    }

    // --------------------------------------------------------------------------------------------------------- helpers

    private JsonNode only(String kind) {
        List<JsonNode> found = base.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertThat(found).as("k8s/base: %s", kind).hasSize(1);
        return found.get(0);
    }

    private static String secretOf(JsonNode placeholders, String variable) {
        JsonNode secret = placeholders.path(variable).path("secret");
        assertThat(secret.isMissingNode()).as("placeholder %s", variable).isFalse();
        return secret.path("name").asText() + "/" + secret.path("key").asText();
    }

    private static Map<String, JsonNode> byClientId(JsonNode clients) {
        Map<String, JsonNode> byId = new HashMap<>();
        clients.forEach(c -> assertThat(byId.put(c.path("clientId").asText(), c)).as("duplicate client").isNull());
        return byId;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode read(Path file) {
        return read(Manifests.read(file));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
