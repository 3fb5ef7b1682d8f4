package id.ntt110.incident.service;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import id.ntt110.incident.config.IncidentConfig;
import id.ntt110.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/** Caller numbers as E.164 ({@code +62380821110}), whatever the operator typed. */
@ApplicationScoped
public class PhoneNumbers {

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String region;

    public PhoneNumbers(IncidentConfig config) {
        this.region = config.defaultPhoneRegion();
    }

    /** @throws ProblemException (400 naming {@code field}) when it is not a possible phone number */
    public String toE164(String raw, String field) {
        try {
            Phonenumber.PhoneNumber number = util.parse(raw, region);
            if (!util.isPossibleNumber(number)) {
                throw ProblemException.invalid(field, "'" + abbreviate(raw) + "' is not a possible phone number");
            }
            return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw ProblemException.invalid(field, "'" + abbreviate(raw) + "' is not a phone number (" + e.getErrorType()
                    .name().toLowerCase().replace('_', ' ') + ")");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
