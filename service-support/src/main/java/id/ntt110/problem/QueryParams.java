package id.ntt110.problem;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Query parameters read as strings and checked here, so that a bad value is a 400 naming the parameter (JAX-RS would
 * answer a failed conversion of a query parameter with a bare 404).
 */
public final class QueryParams {

    /** The dates a report or search may name: before 2000 or after 2100 there are no 110 calls to count. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(2100, 12, 31);

    private QueryParams() {
    }

    /** A WITA date {@code YYYY-MM-DD} between 2000-01-01 and 2100-12-31, or null when absent. */
    public static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "'" + value + "' is not a date YYYY-MM-DD");
        }
        if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
            throw ProblemException.invalid(name, "'" + value + "' is outside " + EARLIEST_DATE + " to " + LATEST_DATE);
        }
        return date;
    }

    public static LocalDate requiredDate(String name, String value) {
        LocalDate date = date(name, value);
        if (date == null) {
            throw ProblemException.invalid(name, "is required (YYYY-MM-DD, WITA)");
        }
        return date;
    }

    /** A whole number in [min, max], or {@code fallback} when absent. */
    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name, "'" + value + "' is not a whole number");
        }
        if (number < min || number > max) {
            throw ProblemException.invalid(name, "must be between " + min + " and " + max);
        }
        return number;
    }

    /** One of an enum's constants, or null when absent. */
    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(name, "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** Checks that {@code to} is not before {@code from} (either may be null). */
    public static void checkRange(LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.invalid("to", "is before from");
        }
    }
}
