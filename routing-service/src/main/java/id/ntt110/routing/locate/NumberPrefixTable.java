package id.ntt110.routing.locate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Landline prefixes (national form, e.g. {@code 0386}, {@code 03801}) → the regencies they serve; longest prefix wins. */
public final class NumberPrefixTable {

    private final Map<String, List<String>> regenciesByPrefix;
    private final int longest;

    public NumberPrefixTable(Map<String, List<String>> regenciesByPrefix) {
        this.regenciesByPrefix = Map.copyOf(regenciesByPrefix);
        this.longest = regenciesByPrefix.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    /** The longest prefix of a national-form number that the table knows. */
    public Optional<Match> match(String nationalNumber) {
        for (int length = Math.min(longest, nationalNumber.length()); length >= 2; length--) {
            List<String> regencies = regenciesByPrefix.get(nationalNumber.substring(0, length));
            if (regencies != null) {
                return Optional.of(new Match(nationalNumber.substring(0, length), regencies));
            }
        }
        return Optional.empty();
    }

    public Map<String, List<String>> entries() {
        return regenciesByPrefix;
    }

    public record Match(String prefix, List<String> regencies) {
    }

    /** A caller number in national form ({@code 0…}), or why it is not usable. */
    public record CallerNumber(String national, String problem) {

        public boolean isMobile() {
            return national != null && national.startsWith("08");
        }

        /**
         * Accepts {@code 0380…}, {@code +62380…}, {@code 62380…} and {@code +62 (0)380…} (the trunk 0 written after the
         * country code), with spaces, dots, dashes or parentheses.
         */
        public static CallerNumber parse(String raw) {
            String digits = raw.strip().replaceAll("[\\s().-]", "");
            if (digits.startsWith("+62")) {
                digits = "0" + withoutTrunkZero(digits.substring(3));
            } else if (digits.startsWith("62") && digits.length() >= 9) {
                digits = "0" + withoutTrunkZero(digits.substring(2));
            } else if (digits.startsWith("+")) {
                return new CallerNumber(null, "is not an Indonesian number");
            }
            if (!digits.matches("0[1-9][0-9]{5,13}")) {
                return new CallerNumber(null, "is not a phone number such as 0380 821110 or +62 380 821110");
            }
            return new CallerNumber(digits, null);
        }

        private static String withoutTrunkZero(String afterCountryCode) {
            return afterCountryCode.startsWith("0") ? afterCountryCode.substring(1) : afterCountryCode;
        }
    }
}
