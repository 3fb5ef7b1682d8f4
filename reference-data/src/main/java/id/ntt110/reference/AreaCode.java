package id.ntt110.reference;

import java.util.List;

/** A fixed-line area code (e.g. {@code 0386}) and the regencies it serves; several serve more than one. */
public record AreaCode(String code, List<String> towns, List<String> regencies) {

    public AreaCode {
        towns = List.copyOf(towns);
        regencies = List.copyOf(regencies);
    }
}
