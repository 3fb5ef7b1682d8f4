package id.ntt110.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Caller numbers in text made safe for logs: every digit but the last four becomes {@code *}. */
public final class CallerNumbers {

    /**
     * A candidate: an Indonesian number as callers' numbers are written — national {@code 0…}, international
     * {@code +62…}, {@code 62…} or {@code 0062…}, an area code in brackets ({@code (0380) 821110}), a trunk zero in
     * brackets ({@code +62 (0)812…}), spaces, dots or dashes between the groups — not part of a longer word, id or
     * number. {@link #isNumber} then keeps what really is one.
     */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w.+-])(?:\\+|\\(\\s?)?(?:0062|62|0)[\\d ().-]{6,22}\\d(?![\\w-]|\\.\\d)");
    private static final Pattern IP_OR_VERSION = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){2,}");
    private static final Pattern DECIMAL = Pattern.compile("0\\.\\d+");
    private static final int KEPT = 4;

    private CallerNumbers() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher matcher = CANDIDATE.matcher(text);
        StringBuilder out = null;
        while (matcher.find()) {
            if (!isNumber(matcher.group())) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(maskDigits(matcher.group())));
        }
        if (out == null) {
            return text;
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** 8 to 15 digits, and not an IP address, a version or a decimal fraction. */
    static boolean isNumber(String candidate) {
        long digits = candidate.chars().filter(Character::isDigit).count();
        return digits >= 8 && digits <= 15 && !IP_OR_VERSION.matcher(candidate).matches() && !DECIMAL.matcher(candidate).matches();
    }

    /** The number as written, its digits but the last four replaced. */
    static String maskDigits(String number) {
        int digits = (int) number.chars().filter(Character::isDigit).count();
        int toMask = digits - KEPT;
        StringBuilder out = new StringBuilder(number.length());
        for (char c : number.toCharArray()) {
            if (Character.isDigit(c) && toMask > 0) {
                out.append('*');
                toMask--;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
