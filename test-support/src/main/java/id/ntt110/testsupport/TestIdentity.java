package id.ntt110.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Tokens shaped like the realm ntt110's (issuer, audience {@code ntt110}, {@code realm_access.roles},
 * {@code preferred_username}, {@code desk}), signed with a key pair made for the test run — so a service's own tests
 * exercise the same local verification as production ({@code quarkus.oidc.public-key}) without a Keycloak. The suite
 * tests use the real Keycloak instead.
 *
 * <p>The key pair lives in a folder ({@code target/test-identity} of the working directory unless set), written
 * once and read by everyone after: the test resources and the test classes may be loaded by different class loaders,
 * and both must sign and verify with the same key. It also serves a client-credentials token endpoint for a service's
 * calls to its (stood-in) neighbours.
 */
public final class TestIdentity {

    /** The issuer of test tokens, and what services under test expect ({@code ntt110.oidc.issuer}). */
    public static final String ISSUER = "https://identity.test/realms/ntt110";
    public static final String AUDIENCE = "ntt110";
    public static final String CLIENT_SECRET = "test-client-secret";
    private static final Duration LIFESPAN = Duration.ofHours(2);

    private static KeyPair keys;
    private static HttpServer tokenEndpoint;

    private TestIdentity() {
    }

    /** A person's token: {@code desk} may be null (managers, admins). */
    public static String token(String user, String desk, String... roles) {
        return sign(claims(user, desk, null, LIFESPAN, roles));
    }

    /** A token that expired a minute ago, otherwise valid. */
    public static String expiredToken(String user, String... roles) {
        return sign(claims(user, null, null, Duration.ofMinutes(-1), roles));
    }

    /** A service account's client-credentials token, as Keycloak issues it ({@code azp} = the client). */
    public static String serviceToken(String clientId) {
        return sign(claims("service-account-" + clientId, null, clientId, LIFESPAN, "SERVICE"));
    }

    public static String admin() {
        return token("admin", null, "ADMIN");
    }

    /** Signed by the right key, but for another issuer or audience (a token of another realm or application). */
    public static String tokenFor(String issuer, String audience, String user, String... roles) {
        JwtClaims claims = claims(user, null, null, LIFESPAN, roles);
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        return sign(claims);
    }

    /** A token signed by another key: what an attacker could forge. */
    public static String forgedToken(String user, String... roles) {
        return sign(claims(user, null, null, LIFESPAN, roles), generate().getPrivate());
    }

    /** The public key as {@code quarkus.oidc.public-key} takes it: base64 of the X.509 SubjectPublicKeyInfo. */
    public static String publicKey() {
        return Base64.getEncoder().encodeToString(keys().getPublic().getEncoded());
    }

    /** The claims of a token (or of an {@code Authorization: Bearer …} value) as JSON text, for assertions. */
    public static String claimsOf(String token) {
        String jwt = token.startsWith("Bearer ") ? token.substring(7) : token;
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static JwtClaims claims(String user, String desk, String clientId, Duration lifespan, String... roles) {
        JwtClaims claims = new JwtClaims();
        long now = System.currentTimeMillis() / 1000;
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(user);
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now));
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + lifespan.toSeconds()));
        claims.setGeneratedJwtId();
        claims.setClaim("typ", "Bearer");
        claims.setClaim("preferred_username", user);
        claims.setClaim("azp", clientId == null ? "ntt110-cli" : clientId);
        claims.setClaim("realm_access", Map.of("roles", List.of(roles)));
        if (desk != null) {
            claims.setClaim("desk", desk);
        }
        return claims;
    }

    private static String sign(JwtClaims claims) {
        return sign(claims, keys().getPrivate());
    }

    private static String sign(JwtClaims claims, PrivateKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue("ntt110-test");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized KeyPair keys() {
        if (keys == null) {
            keys = loadOrCreate(Path.of(System.getProperty("ntt110.test-identity.dir",
                    Path.of(System.getProperty("user.dir"), "target", "test-identity").toString())));
        }
        return keys;
    }

    /** Reads the key pair of {@code dir}, making it first if there is none (atomically: concurrent JVMs agree). */
    public static KeyPair loadOrCreate(Path dir) {
        Path privateFile = dir.resolve("private.key");
        Path publicFile = dir.resolve("public.key");
        try {
            if (!Files.exists(privateFile)) {
                Files.createDirectories(dir);
                KeyPair fresh = generate();
                Path tmp = Files.createTempFile(dir, "key", ".tmp");
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh.getPrivate().getEncoded()) + "\n"
                        + Base64.getEncoder().encodeToString(fresh.getPublic().getEncoded()) + "\n");
                try {
                    // A hard link fails if the file exists (a rename would replace it): the first JVM's key wins.
                    Files.createLink(privateFile, tmp);
                } catch (FileAlreadyExistsException e) {
                    // another JVM was first; its key is read below
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            List<String> lines = Files.readAllLines(privateFile);
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0))));
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1))));
            if (!Files.exists(publicFile)) {
                Files.writeString(publicFile, lines.get(1) + "\n");
            }
            return new KeyPair(publicKey, privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("unreadable test key in " + dir + ": delete it", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code <base>/protocol/openid-connect/token} answers client-credentials requests (HTTP Basic or form
     * credentials, secret {@link #CLIENT_SECRET}) with a service token, as Keycloak does; a wrong secret is a 401.
     */
    static synchronized String tokenEndpointBase() {
        if (tokenEndpoint == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                server.createContext("/realms/ntt110/protocol/openid-connect/token", exchange -> {
                    Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    String basic = exchange.getRequestHeaders().getFirst("Authorization");
                    if (basic != null && basic.startsWith("Basic ")) {
                        String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
                        form.put("client_id", URLDecoder.decode(pair[0], StandardCharsets.UTF_8));
                        form.put("client_secret", pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "");
                    }
                    boolean ok = "client_credentials".equals(form.get("grant_type")) && form.get("client_id") != null
                            && CLIENT_SECRET.equals(form.get("client_secret"));
                    byte[] body = (ok
                            ? "{\"access_token\":\"" + serviceToken(form.get("client_id")) + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                                    + LIFESPAN.toSeconds() + "}"
                            : "{\"error\":\"unauthorized_client\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "test-identity-token-endpoint");
                    thread.setDaemon(true);
                    return thread;
                }));
                server.start();
                tokenEndpoint = server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "http://127.0.0.1:" + tokenEndpoint.getAddress().getPort() + "/realms/ntt110";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        Arrays.stream(body.split("&")).filter(pair -> !pair.isEmpty()).forEach(pair -> {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        });
        return form;
    }

    /**
     * For scripts (benchmarks): {@code --dir D --public-key} prints the public key; {@code --dir D --token USER
     * --roles R1,R2 [--desk CODE]} prints a token valid for two hours.
     */
    public static void main(String[] args) {
        CommandLine options = CommandLine.parse(args, "--dir DIR (--public-key true | --token USER --roles R1,R2 [--desk CODE])");
        System.setProperty("ntt110.test-identity.dir", options.require("dir"));
        if (options.has("public-key")) {
            System.out.println(publicKey());
        } else {
            System.out.println(token(options.require("token"), options.get("desk", null), options.require("roles").split(",")));
        }
    }
}
