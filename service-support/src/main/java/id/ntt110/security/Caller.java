package id.ntt110.security;

import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemException;
import id.ntt110.problem.ProblemTypes;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token: the user name that every audit record carries, the roles, and the
 * desk that scopes what a polres operator or supervisor may see. Request bodies never say who did a thing.
 */
@RequestScoped
public class Caller {

    /** Claim of a person's desk code (a Keycloak user attribute mapped into the token). */
    public static final String DESK_CLAIM = "desk";

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    /** {@code preferred_username}: a person's user name, or {@code service-account-<client>} for a service. */
    public String name() {
        String name = token.getClaim("preferred_username");
        return name != null && !name.isBlank() ? name : identity.getPrincipal().getName();
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    public Optional<String> desk() {
        Object desk = token.getClaim(DESK_CLAIM);
        return desk instanceof String code && !code.isBlank() ? Optional.of(code) : Optional.empty();
    }

    /** ADMIN, SERVICE and PROGRAM_MANAGER are not bound to a desk; a person of Polda's desk sees the province. */
    public boolean seesEveryDesk() {
        return has(Roles.ADMIN) || has(Roles.SERVICE) || has(Roles.PROGRAM_MANAGER)
                || desk().filter(Roles.PROVINCE_DESK::equals).isPresent();
    }

    /**
     * The one desk this caller is confined to, or empty when they see every desk. A desk-bound role without a desk
     * claim is a provisioning mistake: refused rather than guessed.
     */
    public Optional<String> confinedDesk() {
        if (seesEveryDesk()) {
            return Optional.empty();
        }
        return Optional.of(desk().orElseThrow(() -> forbidden(
                "Your account has no desk (the user attribute 'desk' is missing), so it may not see any desk's records; "
                        + "ask an administrator to set it.")));
    }

    public boolean maySee(String desk) {
        return confinedDesk().map(own -> own.equals(desk)).orElse(true);
    }

    /** For an explicit request about {@code desk} (e.g. {@code ?unit=}): a 403 naming both desks if it is not theirs. */
    public void requireDesk(String desk, String field) {
        Optional<String> own = confinedDesk();
        if (own.isPresent() && !own.get().equals(desk)) {
            throw new ProblemException(new Problem(ProblemTypes.FORBIDDEN, "Forbidden", 403,
                    "Your desk is " + own.get() + "; you may not see or act on " + desk + ".", null,
                    List.of(new Problem.FieldError(field, "not your desk"))));
        }
    }

    /**
     * Who a recorded action is by: the signed-in user, or — for a service acting for a person (rollout-service
     * switching routing after a go-live) — that person, named in {@code onBehalfOf}, which only SERVICE tokens may set.
     */
    public String actor(String onBehalfOf) {
        return has(Roles.SERVICE) && onBehalfOf != null && !onBehalfOf.isBlank() ? onBehalfOf.strip() : name();
    }

    /** The service account that carried an action out for someone else, or null when the user did it themselves. */
    public String via(String onBehalfOf) {
        if (!has(Roles.SERVICE) || onBehalfOf == null || onBehalfOf.isBlank()) {
            return null;
        }
        Object client = token.getClaim("azp");
        return client instanceof String id && !id.isBlank() ? id : name();
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(new Problem(ProblemTypes.FORBIDDEN, "Forbidden", 403, detail, null, List.of()));
    }
}
