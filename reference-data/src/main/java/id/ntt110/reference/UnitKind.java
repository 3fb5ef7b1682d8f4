package id.ntt110.reference;

/** The kind of a police command answering 110. POLRESTA counts as POLRES in statistics by level. */
public enum UnitKind {
    POLDA,
    POLRESTA,
    POLRES
}
