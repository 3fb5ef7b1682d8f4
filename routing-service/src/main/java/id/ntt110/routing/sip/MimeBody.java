package id.ntt110.routing.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The parts of a SIP body (RFC 2046 multipart, as RFC 6442 carries a location beside the SDP). */
final class MimeBody {

    /** Parts read; an INVITE carries two or three (SDP, PIDF-LO). */
    static final int MAX_PARTS = 16;

    record Part(String contentType, String contentId, String content) {
    }

    private MimeBody() {
    }

    static List<Part> parts(String contentType, String body, List<String> warnings) {
        List<Part> parts = new ArrayList<>();
        String type = mediaType(contentType);
        if (!type.startsWith("multipart/")) {
            if (!body.isEmpty()) {
                parts.add(new Part(type, null, body));
            }
            return parts;
        }
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty()) {
            warnings.add("sip: multipart body without a boundary; not read");
            return parts;
        }
        String delimiter = "--" + boundary;
        int at = body.indexOf(delimiter);
        while (at >= 0 && parts.size() < MAX_PARTS) {
            int start = at + delimiter.length();
            if (body.startsWith("--", start)) {
                return parts; // the closing delimiter
            }
            int next = body.indexOf("\n" + delimiter, start);
            String raw = next < 0 ? body.substring(start) : body.substring(start, next);
            if (next < 0) {
                warnings.add("sip: multipart body without its closing boundary; its last part was read as it is");
            }
            parts.add(part(stripLineBreak(raw)));
            at = next < 0 ? -1 : next + 1;
        }
        if (parts.size() >= MAX_PARTS) {
            warnings.add("sip: more than " + MAX_PARTS + " body parts; the rest were not read");
        }
        return parts;
    }

    private static Part part(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        int skip = 4;
        if (end < 0) {
            end = raw.indexOf("\n\n");
            skip = 2;
        }
        String head = end < 0 ? "" : raw.substring(0, end);
        String content = end < 0 ? raw : raw.substring(end + skip);
        String type = "text/plain";
        String id = null;
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("content-type")) {
                type = mediaType(value);
            } else if (name.equals("content-id")) {
                id = value.startsWith("<") && value.endsWith(">") ? value.substring(1, value.length() - 1) : value;
            }
        }
        return new Part(type, id, content);
    }

    /** "application/pidf+xml" of "Application/PIDF+XML; charset=utf-8". */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    static String parameter(String contentType, String name) {
        for (String parameter : contentType.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase(name)) {
                String value = parameter.substring(equals + 1).strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** The line break that ends the delimiter line, and the one before the next delimiter, are not content. */
    private static String stripLineBreak(String raw) {
        String part = raw.startsWith("\r\n") ? raw.substring(2) : raw.startsWith("\n") ? raw.substring(1) : raw;
        return part.endsWith("\r") ? part.substring(0, part.length() - 1) : part;
    }
}
