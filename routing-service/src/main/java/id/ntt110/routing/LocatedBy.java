package id.ntt110.routing;

/** Which source placed the caller in a regency. */
public enum LocatedBy {
    /** Device position inside a regency boundary. */
    GPS,
    /** Device position near (not inside) a boundary, or nearest capital when no boundaries are loaded. */
    GPS_NEAREST,
    CELL,
    /** Regency declared by the telephony trunk. */
    DECLARED,
    NUMBER_PREFIX,
    NONE
}
