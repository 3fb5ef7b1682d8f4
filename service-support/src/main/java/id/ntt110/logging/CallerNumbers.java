package id.ntt110.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Caller numbers in text made safe for logs: every digit but the last four becomes {@code *}. */
public final class CallerNumbers {

    /**
     * An Indonesian number as callers' numbers appear (national 0…, international +62… or 62…, with spaces, dots or
     * dashes), 8 to 15 digits, not part of a longer word, id or UUID.
     */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w-])(?:\\+?62|0)(?:[ .-]?\\d){7,13}(?![\\w])");
    private static final int KEPT = 4;

    private CallerNumbers() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher matcher = NUMBER.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(maskDigits(matcher.group())));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
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
