import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's stand-in for Keycloak's token endpoint, as the SIP edge asks it (client credentials): every POST
 * gets the token in BENCH_EDGE_TOKEN, made by TestIdentity with the role TELEPHONY. Run as
 * {@code java bench/TokenEndpoint.java PORT}; it prints "ready" once it listens.
 */
public class TokenEndpoint {
    public static void main(String[] args) throws Exception {
        byte[] body = ("{\"access_token\":\"" + System.getenv("BENCH_EDGE_TOKEN") + "\",\"token_type\":\"Bearer\",\"expires_in\":7200}")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("ready");
    }
}
