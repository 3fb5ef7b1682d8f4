package id.ntt110.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import id.ntt110.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Caller numbers as E.164 ({@code +62380821110}), whatever an operator typed or a phone system sent. One place, so
 * that incident-service's records and stats-service's call-back queue compare numbers the same way.
 */
@ApplicationScoped
public class PhoneNumbers {

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String region;

    /** @param region assumed for numbers written without a country code (ISO 3166, {@code ID} for Indonesia) */
    public PhoneNumbers(@ConfigProperty(name = "ntt110.phone.default-region", defaultValue = "ID") String region) {
        this.region = region;
    }

    /** @throws ProblemException (400 naming {@code field}) when it is not a possible phone number */
    public String toE164(String raw, String field) {
        try {
            Phonenumber.PhoneNumber number = util.parse(raw, region);
            if (!util.isPossibleNumber(number)) {
                throw ProblemException.invalid(field, "'" + abbreviate(raw) + "' is not a possible phone number");
            }
            return format(number);
        } catch (NumberParseException e) {
            throw ProblemException.invalid(field, "'" + abbreviate(raw) + "' is not a phone number (" + e.getErrorType()
                    .name().toLowerCase().replace('_', ' ') + ")");
        }
    }

    /** The E.164 form, or empty when there is no number to call back (absent, {@code anonymous}, not a phone number). */
    public Optional<String> e164(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber number = util.parse(raw, region);
            return util.isPossibleNumber(number) ? Optional.of(format(number)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private String format(Phonenumber.PhoneNumber number) {
        return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
