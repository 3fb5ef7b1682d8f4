package id.ntt110.rollout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.ntt110.testsupport.StubServiceResource;

/** A stand-in for routing-service's {@code PUT /units/{code}/status}, taking every change unless a test says otherwise. */
public class RoutingStubResource extends StubServiceResource {

    public RoutingStubResource() {
        super("routing", RoutingStubResource::acceptAll);
    }

    static void acceptAll(WireMockServer server) {
        server.stubFor(put(urlMatching("/units/[A-Z0-9-]+/status"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
    }
}
