package id.ntt110.routing.sip;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a 110 INVITE, as the SIP edge relays it whole, tells routing: the Call-ID, the caller (P-Asserted-Identity,
 * else From), the position (Geolocation pointing at a PIDF-LO carried by value, RFC 6442/4119/5491), the cell
 * (P-Access-Network-Info's {@code utran-cell-id-3gpp}) — as the fields of a {@code POST /routes} request. The network
 * sends what it sends: anything malformed is left out with a warning, never an error, so the call still routes.
 */
public final class SipInvite {

    /** Longer header values are not read (a PAI or From is a few hundred characters at most). */
    static final int MAX_HEADER_VALUE = 8_192;
    /** Headers read; an INVITE has a few dozen. */
    static final int MAX_HEADERS = 200;

    private static final Map<String, String> COMPACT_FORMS = Map.of("i", "call-id", "f", "from", "c", "content-type",
            "l", "content-length", "t", "to", "m", "contact");

    private final Map<String, List<String>> headers;
    private final String body;
    private final List<String> warnings;

    private SipInvite(Map<String, List<String>> headers, String body, List<String> warnings) {
        this.headers = headers;
        this.body = body;
        this.warnings = warnings;
    }

    /** Parses {@code message} (request line, headers, body); problems go to {@code warnings}. */
    public static SipInvite parse(String message, List<String> warnings) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (message == null || message.isBlank()) {
            warnings.add("sip: empty message; routed to Polda");
            return new SipInvite(headers, "", warnings);
        }
        int end = message.indexOf("\r\n\r\n");
        int bodyStart = end < 0 ? -1 : end + 4;
        if (end < 0) {
            end = message.indexOf("\n\n");
            bodyStart = end < 0 ? -1 : end + 2;
        }
        String head = end < 0 ? message : message.substring(0, end);
        String body = bodyStart < 0 ? "" : message.substring(bodyStart);
        String[] lines = head.split("\r?\n");
        List<String> unfolded = new ArrayList<>();
        // Line 0 is the request line; continuation lines (RFC 3261 §7.3.1) join the header before them.
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !unfolded.isEmpty()) {
                int last = unfolded.size() - 1;
                if (unfolded.get(last).length() <= MAX_HEADER_VALUE) {
                    unfolded.set(last, unfolded.get(last) + " " + line.strip());
                }
            } else {
                unfolded.add(line);
            }
        }
        int read = 0;
        for (String line : unfolded) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                warnings.add("sip: a header line without a name was ignored");
                continue;
            }
            if (++read > MAX_HEADERS) {
                warnings.add("sip: more than " + MAX_HEADERS + " headers; the rest were not read");
                break;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            name = COMPACT_FORMS.getOrDefault(name, name);
            String value = line.substring(colon + 1).strip();
            if (value.length() > MAX_HEADER_VALUE) {
                warnings.add("sip: header " + abbreviate(name) + " is longer than " + MAX_HEADER_VALUE + " characters; ignored");
                continue;
            }
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return new SipInvite(headers, body, warnings);
    }

    /** The first value of a header (case-insensitive name), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of a header, comma-separated values split (outside quotes and angle brackets). */
    List<String> values(String name) {
        List<String> all = new ArrayList<>();
        for (String value : headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of())) {
            all.addAll(splitList(value));
        }
        return all;
    }

    /**
     * The fields of a {@code POST /routes} request: {@code callId}, {@code caller}, {@code location}, {@code cell},
     * and {@code regency} when the trunk declares one.
     */
    public ObjectNode toRouteRequest(String trunkRegency) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        header("call-id").ifPresentOrElse(id -> request.put("callId", id), () -> warnings.add("sip: no Call-ID; a call id was given"));
        caller().ifPresent(caller -> request.put("caller", caller));
        position().ifPresent(p -> {
            ObjectNode location = request.putObject("location");
            location.put("lat", p.lat());
            location.put("lon", p.lon());
            if (p.accuracyMeters() != null) {
                location.put("accuracyMeters", p.accuracyMeters());
            }
        });
        cell().ifPresent(cell -> request.put("cell", cell));
        if (trunkRegency != null && !trunkRegency.isBlank()) {
            request.put("regency", trunkRegency.strip());
        }
        return request;
    }

    /** P-Asserted-Identity (a tel: URI preferred to a sip: one), else the user of From. */
    Optional<String> caller() {
        List<String> asserted = values("p-asserted-identity");
        for (String scheme : List.of("tel:", "sip:", "sips:")) {
            for (String identity : asserted) {
                Optional<String> user = SipUri.user(identity, scheme);
                if (user.isPresent()) {
                    return user;
                }
            }
        }
        if (!asserted.isEmpty()) {
            warnings.add("P-Asserted-Identity: no tel: or sip: URI with a user; From was used");
        }
        Optional<String> from = header("from");
        if (from.isEmpty()) {
            warnings.add("sip: no From header; caller unknown");
            return Optional.empty();
        }
        for (String scheme : List.of("sip:", "sips:", "tel:")) {
            Optional<String> user = SipUri.user(from.get(), scheme);
            if (user.isPresent()) {
                return user;
            }
        }
        warnings.add("From: no user in '" + abbreviate(from.get()) + "'; caller unknown");
        return Optional.empty();
    }

    /**
     * The position of the PIDF-LO that Geolocation points at by {@code cid:} in a multipart body; a Geolocation by
     * reference (http:, sip:) is not fetched — the call cannot wait for it.
     */
    Optional<PidfLo.Position> position() {
        List<String> geolocations = values("geolocation");
        if (geolocations.isEmpty()) {
            return Optional.empty();
        }
        List<MimeBody.Part> parts = MimeBody.parts(header("content-type").orElse(""), body, warnings);
        for (String geolocation : geolocations) {
            String uri = SipUri.bracketed(geolocation);
            if (!uri.regionMatches(true, 0, "cid:", 0, 4)) {
                warnings.add("Geolocation: only a location by value (cid:) is read; '" + abbreviate(uri) + "' was not fetched");
                continue;
            }
            String contentId = SipUri.percentDecode(uri.substring(4));
            Optional<MimeBody.Part> part = parts.stream().filter(p -> contentId.equals(p.contentId())).findFirst();
            if (part.isEmpty()) {
                warnings.add("Geolocation: no body part with Content-ID <" + abbreviate(contentId) + ">");
                continue;
            }
            Optional<PidfLo.Position> position = PidfLo.position(part.get().content(), warnings);
            if (position.isPresent()) {
                return position;
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code utran-cell-id-3gpp} of P-Access-Network-Info (3GPP TS 24.229 §7.2A.4; LTE and UMTS carry it alike):
     * MCC, MNC, then the area code and cell identity in hex, e.g. {@code 5101000A1B2C3D4}. Looked up upper-cased, as
     * it arrives, with no separators: the cell table holds the operators' cells in that form.
     */
    Optional<String> cell() {
        for (String value : headers.getOrDefault("p-access-network-info", List.of())) {
            for (String parameter : value.split(";")) {
                int equals = parameter.indexOf('=');
                if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("utran-cell-id-3gpp")) {
                    String cell = parameter.substring(equals + 1).strip().replace("\"", "").toUpperCase(Locale.ROOT);
                    if (cell.matches("[0-9]{5,6}[0-9A-F]{4,}") && cell.length() <= 64) {
                        return Optional.of(cell);
                    }
                    warnings.add("P-Access-Network-Info: utran-cell-id-3gpp '" + abbreviate(cell)
                            + "' is not MCC, MNC and hex digits; ignored");
                }
            }
        }
        return Optional.empty();
    }

    /** Splits a header list at commas outside quotes and angle brackets (RFC 3261 §7.3.1). */
    static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && c == ',') {
                items.add(item.toString().strip());
                item.setLength(0);
                continue;
            }
            item.append(c);
        }
        if (!item.isEmpty()) {
            items.add(item.toString().strip());
        }
        items.removeIf(String::isEmpty);
        return items;
    }

    static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }
}
