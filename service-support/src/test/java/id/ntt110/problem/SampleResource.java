package id.ntt110.problem;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A resource that exists only in these tests, to provoke every kind of error (as an admin, who may call it). */
@Path("/samples")
@RolesAllowed("ADMIN")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SampleResource {

    public enum Kind { LIVE, PENDING }

    public record Position(@NotNull @Min(-90) @Max(90) Double lat, @Schema(nullable = true) Double lon) {
    }

    public record Sample(@NotBlank String name, @Schema(nullable = true) @Min(0) @Max(10) Integer count,
            @Schema(nullable = true) Kind kind, @Schema(nullable = true) Instant at,
            @Schema(nullable = true) @Valid Position position) {
    }

    @POST
    public Sample echo(@Valid @NotNull Sample sample) {
        return sample;
    }

    @POST
    @Path("/batch")
    public int batch(@NotNull List<@Valid Sample> samples) {
        return samples.size();
    }

    @GET
    public List<Sample> list(@QueryParam("size") @Max(200) int size) {
        return List.of();
    }

    @GET
    @Path("/conflict")
    @APIResponse(responseCode = "409", description = "Always: a rule protects the desk.")
    public Sample conflict() {
        throw ProblemException.conflict("POLDA-NTT is the desk of last resort and stays LIVE.");
    }

    @GET
    @Path("/bug")
    @APIResponse(responseCode = "500", description = "Always: this endpoint stands for a bug.")
    public Sample bug() {
        throw new IllegalStateException("secret internals of com.example.Secret");
    }

    @GET
    @Path("/deadlock")
    public Sample deadlock() throws java.sql.SQLException {
        // as the PostgreSQL driver reports a deadlock, wrapped as Hibernate and Narayana wrap it
        throw new IllegalStateException("transaction failed",
                new java.sql.SQLException("ERROR: deadlock detected", "40P01"));
    }
}
