package id.ntt110.routing.client;

import id.ntt110.routing.service.DecisionRecorder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** stats-service, as routing-service uses it: it receives routing decisions (idempotent by callId). */
@RegisterRestClient(configKey = "stats")
@Path("/decisions")
public interface StatsApi {

    /** stats-service's answer: the decisions it refused, by their index in the batch, with why. */
    record Result(List<Rejected> rejected) {
    }

    record Rejected(int index, List<id.ntt110.problem.Problem.FieldError> errors) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Result postDecisions(List<DecisionRecorder.Decision> decisions);
}
