package id.ntt110.reference;

import java.util.List;

/**
 * A desk (SPKT) that can answer 110: Polda NTT or one of its polres/polresta.
 *
 * @param regencies Kemendagri codes of the regencies it covers; empty for Polda, which covers the province as fallback
 * @param statusJuly2021 the 110 status reported in July 2021, the seed of routing-service's directory
 */
public record Unit(String code, String name, UnitKind kind, List<String> regencies, String hqTown, GeoPoint hq,
        UnitStatus statusJuly2021) {

    public Unit {
        regencies = List.copyOf(regencies);
    }

    public boolean isPolda() {
        return kind == UnitKind.POLDA;
    }
}
