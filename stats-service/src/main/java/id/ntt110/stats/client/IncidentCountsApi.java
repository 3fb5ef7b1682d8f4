package id.ntt110.stats.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** incident-service, as stats-service uses it: incident and prank counts per desk. */
@RegisterRestClient(configKey = "incident")
@Path("/incidents/counts")
public interface IncidentCountsApi {

    record CountRow(String key, long count, long prank) {
    }

    @GET
    List<CountRow> counts(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("groupBy") String groupBy);
}
