package id.ntt110.security;

import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemExceptionMapper;
import id.ntt110.problem.ProblemTypes;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as problem documents. Authentication is lazy ({@code quarkus.http.auth.proactive=false}), so a missing
 * or bad token surfaces here, in the REST layer, instead of as the HTTP layer's empty 401.
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException exception, UriInfo uri) {
        return challenge("This endpoint needs a bearer token of the realm ntt110 (Authorization: Bearer <token>).",
                "Bearer realm=\"ntt110\"", uri);
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException exception, UriInfo uri) {
        // The reason (expired, wrong issuer, bad signature) is not echoed: it helps an attacker more than a client.
        return challenge("The bearer token was not accepted: it is expired, not signed by the realm ntt110, "
                + "or not meant for this audience. Get a new one from the identity provider.",
                "Bearer realm=\"ntt110\", error=\"invalid_token\"", uri);
    }

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception, ResourceInfo resource, UriInfo uri) {
        List<String> needed = allowedRoles(resource);
        String detail = needed.isEmpty()
                ? "Your token does not allow this request."
                : "This needs one of the roles " + String.join(", ", needed) + "; your token has "
                        + (identity.getRoles().isEmpty() ? "none" : String.join(", ", new TreeSet<>(identity.getRoles()))) + ".";
        return new Problem(ProblemTypes.FORBIDDEN, "Forbidden", 403, detail, ProblemExceptionMapper.instance(uri),
                List.of(new Problem.FieldError("roles", "one of " + needed + " needed"))).toResponse();
    }

    private static Response challenge(String detail, String header, UriInfo uri) {
        Problem problem = new Problem(ProblemTypes.UNAUTHENTICATED, "Unauthorized", 401, detail, ProblemExceptionMapper.instance(uri), List.of());
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, header).entity(problem).build();
    }

    private static List<String> allowedRoles(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        RolesAllowed allowed = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (allowed == null && resource != null && resource.getResourceClass() != null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? List.of() : Arrays.stream(allowed.value()).sorted().toList();
    }

}
