package id.ntt110.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Exists only in these tests: what {@link Caller} makes of a token. */
@Path("/whoami")
@Produces(MediaType.APPLICATION_JSON)
public class WhoAmIResource {

    private final Caller caller;

    public WhoAmIResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.SERVICE, Roles.ADMIN})
    public Map<String, Object> whoAmI(@QueryParam("onBehalfOf") String onBehalfOf) {
        return Map.of("name", caller.name(), "desk", caller.desk().orElse("-"),
                "confinedTo", caller.confinedDesk().orElse("-"), "actor", caller.actor(onBehalfOf),
                "via", String.valueOf(caller.via(onBehalfOf)));
    }

    @GET
    @Path("/desks/{code}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public Map<String, Object> desk(@PathParam("code") String code) {
        caller.requireDesk(code, "unit");
        return Map.of("desk", code);
    }

    /** No @RolesAllowed: quarkus.security.jaxrs.deny-unannotated-endpoints must refuse it. */
    @GET
    @Path("/forgotten")
    @APIResponse(responseCode = "401", description = "Without a token.")
    @APIResponse(responseCode = "403", description = "With one: an endpoint without roles is refused.")
    public String forgotten() {
        return "open";
    }
}
