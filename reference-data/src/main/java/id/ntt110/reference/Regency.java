package id.ntt110.reference;

/**
 * A kabupaten or kota of NTT.
 *
 * @param code Kemendagri code such as {@code 53.21}, the key used everywhere in ntt110
 * @param bpsCode BPS statistics code; a different number from the Kemendagri one for most NTT regencies
 * @param areaCode fixed-line area code such as {@code 0389}
 * @param coveringUnit code of the polres/polresta that covers it
 */
public record Regency(String code, String bpsCode, String name, String capital, GeoPoint capitalLocation,
        String areaCode, String coveringUnit) {
}
