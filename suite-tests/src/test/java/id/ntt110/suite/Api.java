package id.ntt110.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** JSON over HTTP to the running services; counts every 5xx it sees, so each flow can print it. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger SERVER_ERRORS = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** The bearer token of every request (an admin's, from Keycloak); null sends none. */
    static volatile Supplier<String> bearer = () -> null;
    private static final ThreadLocal<String> OVERRIDE = new ThreadLocal<>();
    private static final String NO_TOKEN = "";

    private Api() {
    }

    /** Runs {@code calls} with {@code token} instead (null or empty: without any token). */
    static <T> T as(String token, Supplier<T> calls) {
        OVERRIDE.set(token == null ? NO_TOKEN : token);
        try {
            return calls.get();
        } finally {
            OVERRIDE.remove();
        }
    }

    /**
     * A token that is renewed a minute before Keycloak's 5 minutes run out; while Keycloak cannot be reached, the last
     * one is handed out (it may have expired: what a service then says about it is the test's business).
     */
    static Supplier<String> renewing(Supplier<String> fetch) {
        return new Supplier<>() {
            private String token;
            private long fetchedAt;

            @Override
            public synchronized String get() {
                if (token == null || System.nanoTime() - fetchedAt > Duration.ofMinutes(4).toNanos()) {
                    try {
                        token = fetch.get();
                        fetchedAt = System.nanoTime();
                    } catch (RuntimeException e) {
                        if (token == null) {
                            throw e;
                        }
                    }
                }
                return token;
            }
        };
    }

    static Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static Reply post(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").POST(publisher(body)));
    }

    static Reply put(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").PUT(publisher(body)));
    }

    static Reply patch(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").method("PATCH", publisher(body)));
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply send(HttpRequest.Builder request) {
        String token = OVERRIDE.get() != null ? OVERRIDE.get() : bearer.get();
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                SERVER_ERRORS.incrementAndGet();
            }
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            return new Reply(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
