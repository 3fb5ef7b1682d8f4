package id.ntt110.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.ntt110.testsupport.StubServiceResource;

/** A stand-in for stats-service's {@code POST /decisions}, accepting everything until a test says otherwise. */
public class StatsStubResource extends StubServiceResource {

    public StatsStubResource() {
        super("stats", StatsStubResource::acceptAll);
    }

    /** The default behaviour: stats-service takes every batch. */
    public static void acceptAll(WireMockServer server) {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/decisions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"accepted\": 0, \"duplicates\": 0, \"rejected\": []}")));
    }
}
