package id.ntt110.incident;

/** What the caller reports. */
public enum Category {
    /** crime */
    KEJAHATAN,
    /** violation */
    PELANGGARAN,
    /** accident */
    KECELAKAAN,
    /** natural disaster */
    BENCANA_ALAM,
    /** riot */
    KERUSUHAN,
    /** other */
    LAINNYA
}
