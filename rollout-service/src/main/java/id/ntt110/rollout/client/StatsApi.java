package id.ntt110.rollout.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** stats-service, as rollout-service uses it: calls per caller regency and which desk routing sent them to. */
@RegisterRestClient(configKey = "stats")
@Path("/stats/calls")
public interface StatsApi {

    /** routedTo: calls by the desk routing sent them to, answered or not. */
    record Row(String key, long incoming, Map<String, Long> routedTo) {
    }

    record Report(List<Row> rows) {
    }

    @GET
    Report calls(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("groupBy") String groupBy);
}
