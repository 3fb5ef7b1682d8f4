package id.ntt110.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A local Keycloak 26 with the realm {@code ntt110}, for {@code ./run.sh} and for tests that take the identity provider
 * away (stop, then start again on the same settings).
 * <p>
 * Why it looks like this: the services verify tokens offline with a pinned public key ({@code quarkus.oidc.public-key})
 * so that they keep working while Keycloak is down. So the realm's signing key is not left to Keycloak: it is generated
 * here once ({@code home/realm-key.pem}), imported as the {@code rsa} key provider {@code ntt110-realm-key} (priority
 * 200, above anything Keycloak generates) and checked after every start against {@code GET /realms/ntt110}. A database
 * that holds the realm signed with another key (e.g. the key files were deleted) is refused: start from a clean one.
 * <p>
 * It is JDK-only so that {@code java LocalKeycloak.java} runs it without this module's dependencies. Steps on
 * {@link #start()}: unpack the distribution zip into {@code home/keycloak-<version>/} and run {@code kc.sh build
 * --db=postgres --health-enabled=true} (once each, marker files); create once, with mode 600, the key pair, the client
 * secrets ({@code client-secrets.properties}) and the master realm's bootstrap admin {@value #BOOTSTRAP_ADMIN}'s
 * password ({@code bootstrap-admin.properties}); render the realm template into {@code data/import/} (mode 600, every
 * start; Keycloak imports it only while the realm does not exist); start {@code kc.sh start --optimized --import-realm}
 * on 127.0.0.1 only (the users' passwords are their names; the database password goes in {@code KC_DB_PASSWORD}, not
 * on the command line) and wait for the realm's OpenID configuration. Secrets and tokens are never printed or logged.
 * <p>
 * The template ({@code /keycloak/ntt110-realm.json}, or the file named by the system property
 * {@value #TEMPLATE_PROPERTY}) is a realm import with placeholders {@code ${REALM_PRIVATE_KEY}} (base64 PKCS#8, no PEM
 * armour) and {@code ${SECRET_<clientId>}} for each of {@link #CONFIDENTIAL_CLIENTS}. It holds: the realm roles
 * OPERATOR, SUPERVISOR, PROGRAM_MANAGER, ADMIN, TELEPHONY, SERVICE; the local users (password = name) with the user
 * attribute {@code desk}, declared in the user profile (admin-only) because Keycloak 26 drops undeclared attributes; on
 * every client an audience mapper ({@code aud} ntt110) and a mapper of {@code desk} to a top-level claim; the service
 * clients (client credentials only, service account role SERVICE; {@code telephony}: role TELEPHONY and 7-day access
 * tokens, so the SIP edge rides out an outage; Keycloak caps an access token at the realm's SSO session maximum, 13 h,
 * unless its session counts as offline, so telephony has {@code offline_access} as a default scope and its service
 * account the role {@code offline_access}); {@code ntt110-console} (code flow) and the public {@code ntt110-cli}
 * (password grant); brute-force protection; 5-minute access tokens, 4-hour idle and 13-hour maximum sessions for a
 * 12-hour shift. Keycloak 26 keeps user sessions in the database, so a restart signs no one out.
 */
public final class LocalKeycloak {

    public static final String READY = "NTT110-KEYCLOAK-READY";
    public static final String REALM = "ntt110";
    public static final String TEMPLATE_PROPERTY = "ntt110.keycloak.realm-template";
    public static final String TEMPLATE_RESOURCE = "/keycloak/ntt110-realm.json";
    /** The clients with a secret, in the order of the env file. */
    public static final List<String> CONFIDENTIAL_CLIENTS = List.of("routing-service", "incident-service",
            "stats-service", "rollout-service", "telephony", "ntt110-console");
    /** The confidential clients that have a service account (client credentials). */
    public static final List<String> SERVICE_ACCOUNT_CLIENTS = CONFIDENTIAL_CLIENTS.subList(0, 5);
    public static final String CLI_CLIENT = "ntt110-cli";
    public static final String BOOTSTRAP_ADMIN = "kcadmin";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String BUILD_OPTIONS = "--db=postgres --health-enabled=true";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{(REALM_[A-Za-z0-9_-]*|SECRET_[A-Za-z0-9_-]*)}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Where and how to run Keycloak.
     *
     * @param home       kept between runs: the unpacked distribution, the key pair, the secrets
     * @param zip        {@code keycloak-quarkus-dist-<version>.zip}
     * @param dbUrl      JDBC URL of an existing PostgreSQL database (e.g. {@code .../keycloak})
     * @param dbPassword may be empty
     * @param javaHome   a JDK 21+ for Keycloak
     * @param logFile    Keycloak's output is appended here
     */
    public record Settings(Path home, Path zip, int port, int managementPort, String dbUrl, String dbUser,
            String dbPassword, Path javaHome, Path logFile) {

        public Settings {
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(zip, "zip");
            Objects.requireNonNull(dbUrl, "dbUrl");
            Objects.requireNonNull(dbUser, "dbUser");
            Objects.requireNonNull(javaHome, "javaHome");
            Objects.requireNonNull(logFile, "logFile");
            dbPassword = dbPassword == null ? "" : dbPassword;
            home = home.toAbsolutePath().normalize();
            logFile = logFile.toAbsolutePath().normalize();
        }

        @Override
        public String toString() {
            return "Settings[home=" + home + ", zip=" + zip + ", port=" + port + ", managementPort=" + managementPort
                    + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser + ", javaHome=" + javaHome + ", logFile=" + logFile
                    + "]";
        }
    }

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Path installation;
    private String privateKeyBase64;
    private String publicKeyBase64;
    private Properties secrets;
    /** Volatile: the shutdown hook of {@link #main} reads it without the lock that a starting Keycloak holds. */
    private volatile Process process;

    private LocalKeycloak(Settings settings) {
        this.settings = settings;
    }

    /** Prepares what is missing under {@code home}, starts Keycloak and waits until the realm answers. */
    public static LocalKeycloak start(Settings settings) {
        LocalKeycloak keycloak = new LocalKeycloak(settings);
        keycloak.start();
        return keycloak;
    }

    /** Starts Keycloak again on the same settings (after {@link #stop()}); does nothing while it runs. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            prepareIdentity();
            installation = unpack();
            build();
            String adminPassword = loadOrCreateAdminPassword();
            renderRealm();
            launch(adminPassword);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
        verifyRealm();
    }

    /**
     * Makes (once) or reads the realm's key pair and the clients' secrets — all a service needs to accept the realm's
     * tokens and get its own — before Keycloak itself is unpacked, built or started, so services need not wait for it.
     */
    public synchronized void prepareIdentity() throws IOException {
        if (secrets != null) {
            return;
        }
        Files.createDirectories(settings.home());
        Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
        loadOrCreateKey();
        secrets = loadOrCreateSecrets();
    }

    /** {@link #stop()}, then {@link #start()}. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** SIGTERM to Keycloak's process tree, then, after 30 s, SIGKILL. */
    public synchronized void stop() {
        stopTree(process);
        process = null;
    }

    /** Stops Keycloak's process tree without waiting for a {@link #start()} in progress (for a shutdown hook). */
    public void stopNow() {
        stopTree(process);
    }

    private static void stopTree(Process process) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                handle.onExit().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // killed below
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Settings settings() {
        return settings;
    }

    public String issuer() {
        return "http://localhost:" + settings.port() + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** The realm's public key: base64 of the X.509 SubjectPublicKeyInfo, no PEM armour (as quarkus.oidc.public-key). */
    public String publicKey() {
        requirePrepared();
        return publicKeyBase64;
    }

    public String clientSecret(String clientId) {
        requirePrepared();
        String secret = secrets.getProperty(clientId);
        if (secret == null) {
            throw new IllegalArgumentException("No confidential client " + clientId + "; they are "
                    + CONFIDENTIAL_CLIENTS);
        }
        return secret;
    }

    /** A password-grant access token through the public client {@value #CLI_CLIENT}. */
    public String passwordToken(String user, String password) {
        return token(form("grant_type", "password", "client_id", CLI_CLIENT, "username", user, "password", password),
                "user " + user);
    }

    /** A client-credentials access token of a service-account client. */
    public String clientToken(String clientId) {
        return token(form("grant_type", "client_credentials", "client_id", clientId, "client_secret",
                clientSecret(clientId)), "client " + clientId);
    }

    // ---------------------------------------------------------------------------------------------------- preparation

    private Path unpack() throws IOException {
        Path home = settings.home();
        try (ZipFile zip = new ZipFile(settings.zip().toFile())) {
            String top = topDirectory(zip);
            Path target = home.resolve(top);
            Path marker = target.resolve(".ntt110-unpacked");
            if (Files.exists(marker)) {
                return target;
            }
            deleteTree(target);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path path = home.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Unexpected entry " + entry.getName() + " in " + settings.zip());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try (DirectoryStream<Path> scripts = Files.newDirectoryStream(target.resolve("bin"), "*.sh")) {
                for (Path script : scripts) {
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Files.writeString(marker, settings.zip().getFileName() + "\n");
            return target;
        }
    }

    private static String topDirectory(ZipFile zip) throws IOException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.startsWith("keycloak-")) {
                return name.substring(0, slash);
            }
        }
        throw new IOException(zip.getName() + " is not a Keycloak distribution (no keycloak-<version>/ folder)");
    }

    private void build() throws IOException {
        Path marker = installation.resolve(".ntt110-built");
        if (Files.exists(marker) && Files.readString(marker).strip().equals(BUILD_OPTIONS)) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(installation.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(List.of(BUILD_OPTIONS.split(" ")));
        appendToLog("kc.sh build " + BUILD_OPTIONS);
        Process build = processBuilder(command).start();
        try {
            if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                build.descendants().forEach(ProcessHandle::destroyForcibly);
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build took over " + BUILD_TIMEOUT.toSeconds() + " s"
                        + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            build.destroyForcibly();
            throw new IllegalStateException("Interrupted during kc.sh build", e);
        }
        if (build.exitValue() != 0) {
            throw new IllegalStateException("kc.sh build failed with exit code " + build.exitValue() + logTail());
        }
        Files.writeString(marker, BUILD_OPTIONS + "\n");
    }

    private void loadOrCreateKey() throws IOException {
        Path privatePem = settings.home().resolve("realm-key.pem");
        Path publicPem = settings.home().resolve("realm-key.pub.pem");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            byte[] pkcs8;
            if (Files.exists(privatePem)) {
                pkcs8 = pemBody(Files.readString(privatePem), "PRIVATE KEY", privatePem);
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, RANDOM);
                pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
                writePrivate(privatePem, pem("PRIVATE KEY", pkcs8));
            }
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            byte[] spki = rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()))
                    .getEncoded();
            if (!Files.exists(publicPem) || !Files.readString(publicPem).equals(pem("PUBLIC KEY", spki))) {
                writePrivate(publicPem, pem("PUBLIC KEY", spki));
            }
            privateKeyBase64 = Base64.getEncoder().encodeToString(pkcs8);
            publicKeyBase64 = Base64.getEncoder().encodeToString(spki);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(privatePem + " is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    private Properties loadOrCreateSecrets() throws IOException {
        Path file = settings.home().resolve("client-secrets.properties");
        Properties loaded = load(file);
        boolean changed = false;
        for (String client : CONFIDENTIAL_CLIENTS) {
            if (loaded.getProperty(client, "").isBlank()) {
                loaded.setProperty(client, randomSecret());
                changed = true;
            }
        }
        if (changed) {
            store(file, loaded, "ntt110 realm client secrets (imported with the realm; keep with the database)");
        }
        return loaded;
    }

    private String loadOrCreateAdminPassword() throws IOException {
        Path file = settings.home().resolve("bootstrap-admin.properties");
        Properties admin = load(file);
        if (admin.getProperty("password", "").isBlank()) {
            admin.setProperty("username", BOOTSTRAP_ADMIN);
            admin.setProperty("password", randomSecret());
            store(file, admin, "Keycloak master realm bootstrap admin (only used when the database has none)");
        }
        return admin.getProperty("password");
    }

    private void renderRealm() throws IOException {
        String rendered = template().replace("${REALM_PRIVATE_KEY}", privateKeyBase64);
        for (String client : CONFIDENTIAL_CLIENTS) {
            rendered = rendered.replace("${SECRET_" + client + "}", secrets.getProperty(client));
        }
        Matcher unresolved = UNRESOLVED.matcher(rendered);
        if (unresolved.find()) {
            throw new IllegalStateException("The realm template has the unknown placeholder " + unresolved.group());
        }
        Path imports = installation.resolve("data/import");
        Files.createDirectories(imports);
        writePrivate(imports.resolve(REALM + "-realm.json"), rendered);
    }

    private static String template() throws IOException {
        String path = System.getProperty(TEMPLATE_PROPERTY);
        if (path != null && !path.isBlank()) {
            return Files.readString(Path.of(path));
        }
        try (InputStream in = LocalKeycloak.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No realm template: neither -D" + TEMPLATE_PROPERTY
                        + "=PATH nor the classpath resource " + TEMPLATE_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // -------------------------------------------------------------------------------------------------------- running

    private void launch(String adminPassword) throws IOException {
        List<String> command = List.of(installation.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + settings.port(),
                "--http-management-port=" + settings.managementPort(), "--hostname=http://localhost:" + settings.port(),
                "--db-url=" + settings.dbUrl(), "--db-username=" + settings.dbUser(), "--import-realm");
        ProcessBuilder builder = processBuilder(command);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        if (!settings.dbPassword().isEmpty()) {
            builder.environment().put("KC_DB_PASSWORD", settings.dbPassword());
        }
        appendToLog("kc.sh start on port " + settings.port() + " (management " + settings.managementPort() + "), "
                + settings.dbUrl());
        process = builder.start();
    }

    private ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(installation.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_")
                || name.startsWith("JAVA_OPTS"));
        env.put("JAVA_HOME", settings.javaHome().toString());
        // Java 24+: without it, jboss-threads fails (harmlessly but loudly) at shutdown.
        env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        return builder;
    }

    private void awaitReady() {
        URI wellKnown = URI.create(issuer() + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                process = null;
                throw new IllegalStateException("Keycloak exited with code " + code + " while starting" + logTail());
            }
            try {
                if (get(wellKnown).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT.toSeconds() + " s"
                        + logTail());
            }
            sleep(250);
        }
    }

    private void verifyRealm() {
        String realmKey;
        try {
            HttpResponse<String> realm = get(URI.create(issuer()));
            realmKey = realm.statusCode() == 200 ? jsonString(realm.body(), "public_key") : null;
        } catch (IOException e) {
            realmKey = null;
        }
        if (!publicKeyBase64.equals(realmKey)) {
            stop();
            throw new IllegalStateException("Keycloak signs realm " + REALM + " with another key than "
                    + settings.home().resolve("realm-key.pem") + ": the database " + settings.dbUrl()
                    + " holds the realm from an earlier import (were the key files in " + settings.home()
                    + " deleted?). Start from a clean database (drop and create it) so the realm is imported again.");
        }
        for (String client : SERVICE_ACCOUNT_CLIENTS) {
            HttpResponse<String> response = post(form("grant_type", "client_credentials", "client_id", client,
                    "client_secret", secrets.getProperty(client)));
            if (response.statusCode() == 401) {
                stop();
                throw new IllegalStateException("The client secret of " + client + " in " + settings.home()
                        .resolve("client-secrets.properties") + " is not the one in the database " + settings.dbUrl()
                        + ". Start from a clean database (drop and create it) so the realm is imported again.");
            }
        }
    }

    private String token(String form, String who) {
        HttpResponse<String> response = post(form);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Token request for " + who + " failed: HTTP " + response.statusCode()
                    + " " + response.body());
        }
        String token = jsonString(response.body(), "access_token");
        if (token == null) {
            throw new IllegalStateException("Token response for " + who + " has no access_token");
        }
        return token;
    }

    private HttpResponse<String> post(String form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("Keycloak does not answer at " + tokenEndpoint(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // -------------------------------------------------------------------------------------------------------- helpers

    private void requirePrepared() {
        if (publicKeyBase64 == null) {
            throw new IllegalStateException("Keycloak was not started");
        }
    }

    private static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(i == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    /** The value of a top-level string field of a JSON object without escapes (enough for tokens and keys). */
    private static String jsonString(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"\\\\]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(String pem, String type, Path file) {
        Matcher matcher = Pattern.compile("-----BEGIN " + type + "-----([A-Za-z0-9+/=\\s]+)-----END " + type + "-----")
                .matcher(pem);
        if (!matcher.find()) {
            throw new IllegalStateException(file + " holds no PEM " + type);
        }
        return Base64.getMimeDecoder().decode(matcher.group(1));
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
        }
        return properties;
    }

    private static void store(Path file, Properties properties, String comment) throws IOException {
        StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
        new TreeMap<>(properties).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        writePrivate(file, text.toString());
    }

    /** Writes a file readable by its owner only, replacing it atomically. */
    private static void writePrivate(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PRIVATE));
        try {
            Files.writeString(temp, content, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void appendToLog(String line) throws IOException {
        Files.writeString(settings.logFile(), "=== LocalKeycloak " + java.time.Instant.now() + " " + line + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(settings.logFile());
            return "; last lines of " + settings.logFile() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "; see " + settings.logFile();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ----------------------------------------------------------------------------------------------------------- main

    /**
     * For {@code ./run.sh}: {@code --home DIR --zip FILE --db-url URL [--db-user U] [--port 8180] [--management-port
     * 9000] [--java-home DIR] [--log FILE] [--env-file FILE]}, the database password from {@code NTT110_PG_PASSWORD}.
     * Prints {@value #READY} when ready and runs until SIGTERM or SIGINT.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        String usage = "--home DIR --zip FILE --db-url URL [--db-user U] [--port N] [--management-port N] "
                + "[--java-home DIR] [--log FILE] [--env-file FILE]";
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : List.of("home", "zip", "db-url")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required + "; usage: " + usage);
            }
        }
        Path home = Path.of(options.get("home"));
        Settings settings = new Settings(home, Path.of(options.get("zip")),
                Integer.parseInt(options.getOrDefault("port", "8180")),
                Integer.parseInt(options.getOrDefault("management-port", "9000")), options.get("db-url"),
                options.getOrDefault("db-user", "postgres"), System.getenv().getOrDefault("NTT110_PG_PASSWORD", ""),
                Path.of(options.getOrDefault("java-home", System.getProperty("java.home"))),
                Path.of(options.getOrDefault("log", home.resolve("keycloak.log").toString())));

        long started = System.nanoTime();
        LocalKeycloak keycloak = new LocalKeycloak(settings);
        boolean[] stopping = {false};
        // Registered before the start, which takes minutes the first time: a SIGTERM then must stop Keycloak too.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (stopping) {
                stopping[0] = true;
            }
            keycloak.stopNow();
        }, "ntt110-keycloak-stop"));
        try {
            keycloak.prepareIdentity();
            // Written before Keycloak starts: ./run.sh starts the services meanwhile (they only need the public key).
            if (options.containsKey("env-file")) {
                writePrivate(Path.of(options.get("env-file")), keycloak.envFile());
            }
            keycloak.start();
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("LocalKeycloak: " + e.getMessage());
            System.exit(1);
            return;
        }
        Process running = keycloak.process;
        System.out.printf(Locale.ROOT, "%s in %.1f s%n", READY, (System.nanoTime() - started) / 1e9);
        System.out.flush();

        running.waitFor();
        Thread.sleep(500);
        synchronized (stopping) {
            if (stopping[0]) {
                return;
            }
        }
        System.err.println("Keycloak exited by itself with code " + running.exitValue() + "; see "
                + settings.logFile());
        System.exit(1);
    }

    private String envFile() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NTT110_OIDC_ISSUER", issuer());
        env.put("NTT110_OIDC_PUBLIC_KEY", publicKey());
        env.put("NTT110_OIDC_TOKEN_URL", tokenEndpoint());
        for (String client : CONFIDENTIAL_CLIENTS) {
            env.put("NTT110_SECRET_" + client.toUpperCase(Locale.ROOT).replace('-', '_'), clientSecret(client));
        }
        return env.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue().matches("[A-Za-z0-9+/=:._-]*") ? e.getValue()
                        : "'" + e.getValue().replace("'", "'\\''") + "'"))
                .collect(Collectors.joining("\n", "# ntt110 local Keycloak (secrets: keep private)\n", "\n"));
    }
}
