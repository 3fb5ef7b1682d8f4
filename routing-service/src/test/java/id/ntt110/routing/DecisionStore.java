package id.ntt110.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** What the stats-service stand-in accepted: how many times each callId arrived in a batch it answered 2xx. */
final class DecisionStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionStore() {
    }

    static Map<String, Integer> acceptedCallIds(WireMockServer stats) {
        Map<String, Integer> counts = new HashMap<>();
        for (ServeEvent event : stats.getAllServeEvents()) {
            if (!event.getRequest().getUrl().equals("/decisions") || event.getResponse().getStatus() / 100 != 2) {
                continue;
            }
            try {
                for (JsonNode decision : JSON.readTree(event.getRequest().getBodyAsString())) {
                    counts.merge(decision.path("callId").asText(), 1, Integer::sum);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
    }

    static int attempts(WireMockServer stats) {
        return stats.findAll(postRequestedFor(urlEqualTo("/decisions"))).size();
    }
}
