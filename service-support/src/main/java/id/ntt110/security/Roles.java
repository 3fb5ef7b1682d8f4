package id.ntt110.security;

/** The realm roles of {@code ntt110} (Keycloak, {@code realm_access.roles}) and the desk that sees the province. */
public final class Roles {

    public static final String OPERATOR = "OPERATOR";
    public static final String SUPERVISOR = "SUPERVISOR";
    public static final String PROGRAM_MANAGER = "PROGRAM_MANAGER";
    public static final String ADMIN = "ADMIN";
    public static final String TELEPHONY = "TELEPHONY";
    public static final String SERVICE = "SERVICE";

    /** A person whose desk is Polda's supervises the province: they see and act on every desk. */
    public static final String PROVINCE_DESK = "POLDA-NTT";

    private Roles() {
    }
}
