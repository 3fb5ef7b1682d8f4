package id.ntt110.routing.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Just enough of SIP and tel URIs (RFC 3261 §19.1, RFC 3966) to read who is calling. */
final class SipUri {

    private SipUri() {
    }

    /** The URI of a name-addr ({@code "Name" <sip:…>;tag=…}) or addr-spec ({@code sip:…;tag=…}). */
    static String bracketed(String value) {
        int open = value.indexOf('<');
        if (open >= 0) {
            int close = value.indexOf('>', open);
            return (close < 0 ? value.substring(open + 1) : value.substring(open + 1, close)).strip();
        }
        // Without brackets, parameters after ';' belong to the header, not to the URI.
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
    }

    /** The user (tel: the number) of the header value's URI when it has {@code scheme}; empty otherwise. */
    static Optional<String> user(String headerValue, String scheme) {
        String uri = bracketed(headerValue);
        if (!uri.toLowerCase(Locale.ROOT).startsWith(scheme)) {
            return Optional.empty();
        }
        String rest = uri.substring(scheme.length());
        String user;
        if (scheme.equals("tel:")) {
            int semicolon = rest.indexOf(';');
            user = semicolon < 0 ? rest : rest.substring(0, semicolon);
        } else {
            int at = rest.lastIndexOf('@');
            if (at <= 0) {
                return Optional.empty();
            }
            user = rest.substring(0, at);
            int cut = indexOfAny(user, ";:");
            if (cut >= 0) {
                user = user.substring(0, cut);
            }
        }
        // Visual separators of RFC 3966 are not part of the number.
        user = percentDecode(user).replaceAll("[-.()]", "").strip();
        return user.isEmpty() ? Optional.empty() : Optional.of(user);
    }

    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        int i = 0;
        while (i < value.length()) {
            if (value.charAt(i) == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0
                    && Character.digit(value.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 3;
            } else {
                int codePoint = value.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int indexOfAny(String value, String characters) {
        for (int i = 0; i < value.length(); i++) {
            if (characters.indexOf(value.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
