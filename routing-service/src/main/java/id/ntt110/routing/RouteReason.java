package id.ntt110.routing;

/** Why a call went where it went. */
public enum RouteReason {
    /** The covering desk is LIVE and takes the call. */
    DIRECT,
    /** The covering desk has no 110 yet (PENDING): Polda takes the call. */
    COVERING_UNIT_NOT_LIVE,
    /** The covering desk is out of service (SUSPENDED): Polda takes the call. */
    COVERING_UNIT_SUSPENDED,
    /** Nothing usable, or an ambiguous location: Polda takes the call. */
    UNKNOWN_LOCATION,
    /** The position is clearly outside NTT: Polda takes the call. */
    OUTSIDE_AREA
}
