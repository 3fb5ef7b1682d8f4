package id.ntt110.rollout.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * routing-service, as rollout-service uses it: it sets a desk's 110 status, idempotent by changeId, recorded for the
 * person who went live or rolled back ({@code onBehalfOf}), via this service's account.
 */
@RegisterRestClient(configKey = "routing")
@Path("/units")
public interface RoutingApi {

    /** routing-service's limit on a status change's reason (its StatusChangeRequest): longer ones are refused. */
    int MAX_REASON_LENGTH = 500;

    /** decidedAt: when the rollout decided it, so routing never lets an older change that arrives late undo a newer one. */
    record StatusChange(String status, String reason, String changeId, String onBehalfOf, java.time.Instant decidedAt) {
    }

    @PUT
    @Path("/{code}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    void setStatus(@PathParam("code") String code, StatusChange change);
}
