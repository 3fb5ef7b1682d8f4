package id.ntt110.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * What a careless or hostile client sends, drawn from a {@link SplittableRandom}: JSON values of every type, valid
 * bodies with a few fields dropped, nulled, replaced or added, and query and path values. Everything is drawn from the
 * random source alone, and the lists are ordered (no Map.of or Set.of, whose order changes from one JVM to the next), so
 * that a seed gives the same requests on every machine.
 */
final class HostileInput {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The size of a huge text in a body. */
    static final int HUGE = 200_000;
    /** Deeper than any parser should follow. */
    static final int DEEP = 10_000;
    /**
     * A long value in a URL: the request line must stay under Vert.x's 4,096 bytes even with three of them, since past
     * that the HTTP server itself answers 414 before any service code runs.
     */
    static final int LONG_IN_URL = 1_000;

    /** Texts for JSON strings: control and unpaired surrogate characters, emoji, huge, SQL, HTML, near-misses of dates and codes. */
    static final List<String> TEXTS = List.of("", " ", "\t\r\n", "\u0000", "a\u0000b", "POLDA-NTT\u0000",
            "\ud800", "\udfff", "x\ud83dy", "\ud83d\ude00", "\ud83d\udc6e\ud83c\udffd\u200d\u2640\ufe0f", "\u202eevil", "\ufeff", "\uffff",
            "x".repeat(HUGE), "\ud83d\ude00".repeat(HUGE / 2),
            "'; DROP TABLE incident; --", "' OR '1'='1", "1); SELECT pg_sleep(5); --", "\\", "\"", "%s%n%x", "{{7*7}}", "${7*7}",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "../../../../etc/passwd", "\r\nX-Injected: 1",
            "NaN", "-0", "1e308", "null", "true", "0",
            "0000-01-01", "1582-10-10", "+999999999-12-31", "2021-02-30",
            "0000-01-01T00:00:00Z", "1582-10-10T00:00:00Z", "+999999999-12-31T23:59:59.999999999Z", "-999999999-01-01T00:00:00Z",
            "2021-07-10T00:00:00+18:00", "2021-07-10T00:00:00-18:00", "2021-07-10T00:00:00+18:01", "2021-07-10T24:00:00Z",
            "2021-07-10T08:15:00", "1970-01-01T00:00:00Z",
            "polda-ntt", "POLRES-", "53.21 ", "53.99", "+62", "+6281234567890123456789", "live", "RECEIVED ");

    /** Numbers as JSON tokens, written as they are: out of range, negative zero, huge integers, enum ordinals, non-JSON. */
    static final List<String> NUMBERS = List.of("0", "-0", "-0.0", "1", "5", "6", "-1", "2147483648", "-2147483649",
            "9223372036854775808", "99999999999999999999", "1e308", "-1e308", "1.7976931348623157e308", "1e309", "-1e999",
            "4.9e-324", "1e-400", "0.30000000000000004", "1" + "0".repeat(1_000), "NaN", "Infinity", "-Infinity", "0x10", "01");

    /** Other types and shapes, nested deeply, or as a batch past every limit. */
    static final List<JsonNode> STRUCTURES = List.of(NullNode.getInstance(), BooleanNode.TRUE, BooleanNode.FALSE,
            NODES.arrayNode(), NODES.objectNode(), tree("[null]"), tree("[[]]"), tree("{\"\": null}"), tree("[\"POLDA-NTT\"]"),
            tree("{\"a\": {\"b\": {\"c\": [1, {}]}}}"), raw("[" + "null,".repeat(10_000) + "null]"),
            raw("[".repeat(DEEP) + "]".repeat(DEEP)), raw("{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP)));

    /** Names of fields a body should not have: unknown, blank, NUL, prototype pollution, server-owned, huge. */
    static final List<String> FIELD_NAMES = List.of("zzz", "", "\u0000", "__proto__", "constructor", "$where", "Unit",
            "unit ", "\ud83d\ude00", "\ud800", "x".repeat(10_000), "id", "version", "createdAt", "status");

    /** Whole bodies that are not what any endpoint takes: empty, broken or odd JSON, huge, nested past any limit. */
    static final List<String> RAW_BODIES = List.of("", " ", "{", "}", "[1, 2", "nul", "{\"a\": }", "{'a': 1}", "{a: 1}",
            "\"text\"", "12", "[]", "{}", "null", "true", "{} {}", "/* */ {}", "NaN", "x".repeat(HUGE),
            "[".repeat(DEEP) + "]".repeat(DEEP), "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP));

    /** Query parameter values: dates out of range or not dates, numbers no page is, ordinals for enums, text. */
    static final List<String> QUERY_VALUES = List.of("", " ", "0000-01-01", "1582-10-10", "+999999999-12-31",
            "-999999999-01-01", "2021-02-30", "2021-13-01", "99999-01-01", "2021-7-1", "20210710",
            "2021-07-10T00:00:00+18:00", "2021-07-10T00:00:00-18:00", "-1", "0", "1", "5", "1e308", "-1e308", "NaN",
            "Infinity", "-0", "99999999999999999999", "2147483647", "2147483648", "1000001", "201", "0x10", "1.5", " 1",
            "level", "LEVEL", "unit ", "open", "OPEN\u0000", "\u0000", "POLDA-NTT\u0000", "\ud800", "\ud83d\ude00",
            "x".repeat(LONG_IN_URL), "' OR 1=1 --", "<script>alert(1)</script>", "%", "&", "=", "+", "#", "../..",
            "POLRES-ALOR", "NOPE", "polda-ntt");

    /** Values already percent-encoded as sent: a NUL, bytes that are not UTF-8, an overlong NUL, encoded separators. */
    static final List<String> RAW_URL_VALUES = List.of("%00", "POLDA-NTT%00", "%FF", "%ED%A0%80", "%C0%80", "%25", "%2F",
            "a%2Fb", "%2e%2e", "%20", "%2B", "%26");

    /** Path parameter values: malformed UUIDs and ids, wrong codes, traversal. */
    static final List<String> PATH_VALUES = List.of("NOPE", "", " ", "00000000-0000-0000-0000-000000000000", "not-a-uuid",
            "00000000-0000-0000-0000-00000000000g", "00000000-0000-0000-0000-0000000000000", "0-0-0-0-0", "-1", "0",
            "99999999999999999999", "9223372036854775808", "1e308", "NaN", "\u0000", "POLDA-NTT\u0000", "polres-alor",
            "POLRES-ALOR ", "\ud800", "\ud83d\ude00", "x".repeat(LONG_IN_URL), "'; DROP TABLE rollout; --",
            "<script>alert(1)</script>", "..", ".", "a/b", "SITE_READY\u0000", "site_ready", "LIVE");

    /** Query parameters no endpoint has, or that differ from one only in case, a space or a NUL. */
    static final List<String> UNKNOWN_PARAMETERS = List.of("zzz", "FROM", "page ", "unit\u0000", "\ud83d\ude00", "");

    private HostileInput() {
    }

    // --- JSON values and bodies ---------------------------------------------------------------------------------------

    /**
     * Any JSON value, of any type, that a field should not hold: mostly from the lists above, some generated (any
     * UTF-16 text of up to 30 characters, lone surrogates included; any finite double; integers up to ±2^80).
     */
    static JsonNode hostileValue(SplittableRandom r) {
        return switch (weighted(r, 4, 2, 3, 1, 1, 3)) {
            case 0 -> NODES.textNode(oneOf(r, TEXTS));
            case 1 -> NODES.textNode(anyText(r, 30));
            case 2 -> raw(oneOf(r, NUMBERS));
            case 3 -> raw(Double.toString(anyDouble(r)));
            case 4 -> raw(anyInteger(r, 80).toString());
            default -> oneOf(r, STRUCTURES).deepCopy();
        };
    }

    /**
     * A body for an endpoint whose valid body is {@code validJson}: one time in ten the valid body itself (accepted
     * requests must not be a 5xx either), one in ten a raw body from {@link #RAW_BODIES}, else the valid body with one
     * to three {@linkplain #mutate mutations}.
     */
    static String mutatedBody(SplittableRandom r, String validJson) {
        return switch (weighted(r, 1, 1, 8)) {
            case 0 -> json(tree(validJson));
            case 1 -> oneOf(r, RAW_BODIES);
            default -> {
                JsonNode body = tree(validJson);
                for (int changes = r.nextInt(1, 4); changes > 0; changes--) {
                    body = mutate(r, body);
                }
                yield json(body);
            }
        };
    }

    enum Change { DROP, NULL, REPLACE, ADD_FIELD }

    /** Where a node of a tree hangs: its parent (null for the root) and its field name, or its index in an array. */
    private record Place(JsonNode node, JsonNode parent, String field, int index) {
    }

    /**
     * One change to a copy of {@code body}: at one of its nodes (the root, a field's value or an array's element), drop
     * it, null it, replace it with a {@linkplain #hostileValue hostile value}, or add a field from {@link #FIELD_NAMES}
     * with a hostile value to it (to the root, if the node is not an object). A dropped root is an empty body.
     */
    static JsonNode mutate(SplittableRandom r, JsonNode body) {
        JsonNode root = body.deepCopy();
        List<Place> places = new ArrayList<>();
        collectPlaces(root, null, null, -1, places);
        Place at = oneOf(r, places);
        Change change = oneOf(r, List.of(Change.values()));
        if (change == Change.ADD_FIELD) {
            ObjectNode object = at.node() instanceof ObjectNode near ? near : root instanceof ObjectNode top ? top : null;
            String name = oneOf(r, FIELD_NAMES);
            JsonNode value = hostileValue(r);
            if (object != null) {
                object.set(name, value);
            }
            return root;
        }
        JsonNode replacement = change == Change.REPLACE ? hostileValue(r) : NullNode.getInstance();
        if (at.parent() == null) {
            return change == Change.DROP ? MissingNode.getInstance() : replacement;
        }
        if (at.parent() instanceof ObjectNode object) {
            if (change == Change.DROP) {
                object.remove(at.field());
            } else {
                object.set(at.field(), replacement);
            }
        } else if (at.parent() instanceof ArrayNode array) {
            if (change == Change.DROP) {
                array.remove(at.index());
            } else {
                array.set(at.index(), replacement);
            }
        }
        return root;
    }

    /** The node, then each field of an object and each element of an array, depth first. */
    private static void collectPlaces(JsonNode node, JsonNode parent, String field, int index, List<Place> places) {
        places.add(new Place(node, parent, field, index));
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                collectPlaces(child.getValue(), node, child.getKey(), -1, places);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectPlaces(node.get(i), node, null, i, places);
            }
        }
    }

    /**
     * The body as sent; a dropped root is an empty body. An unpaired surrogate becomes the JSON escape {@code \ud800}:
     * written raw, the UTF-8 encoder would turn it into '?' and the server would never see it.
     */
    static String json(JsonNode body) {
        if (body.isMissingNode()) {
            return "";
        }
        String text;
        try {
            text = Api.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                escaped.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    static JsonNode tree(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON text written as it is — also what no JSON writer would produce (1e999, NaN, 10,000 levels). */
    static JsonNode raw(String json) {
        return NODES.rawValueNode(new RawValue(json));
    }

    // --- URLs ---------------------------------------------------------------------------------------------------------

    enum ParameterChange { DROP, REPLACE, REPEAT, EMPTY, NAME_ONLY }

    /**
     * A query string ("?…", or "" when nothing is left) for an endpoint whose valid parameters are {@code valid}: one to
     * three of its parameters (or unknown ones, from {@link #UNKNOWN_PARAMETERS}) dropped, replaced by a
     * {@linkplain #hostileQueryValue hostile value}, repeated with one, left empty or given without a value. A string,
     * not a map: a parameter may come twice, or without '='.
     */
    static String mutatedQuery(SplittableRandom r, Map<String, String> valid) {
        List<String> names = new ArrayList<>(valid.keySet());
        names.addAll(UNKNOWN_PARAMETERS);
        // name → encoded values; a null value is a parameter without '='
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        valid.forEach((name, value) -> parameters.put(name, listOf(encode(value))));
        for (int changes = r.nextInt(1, 4); changes > 0; changes--) {
            String name = oneOf(r, names);
            ParameterChange change = oneOf(r, List.of(ParameterChange.values()));
            String value = hostileQueryValue(r);
            switch (change) {
                case DROP -> parameters.remove(name);
                case REPLACE -> parameters.put(name, listOf(value));
                case REPEAT -> parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                case EMPTY -> parameters.put(name, listOf(""));
                case NAME_ONLY -> parameters.put(name, listOf(null));
            }
        }
        String query = parameters.entrySet().stream()
                .flatMap(p -> p.getValue().stream().map(v -> encode(p.getKey()) + (v == null ? "" : "=" + v)))
                .collect(Collectors.joining("&"));
        return query.isEmpty() ? "" : "?" + query;
    }

    /** A hostile query parameter value, percent-encoded (or already so). */
    static String hostileQueryValue(SplittableRandom r) {
        return switch (weighted(r, 6, 2, 2)) {
            case 0 -> encode(oneOf(r, QUERY_VALUES));
            case 1 -> oneOf(r, RAW_URL_VALUES);
            default -> encode(anyText(r, 20));
        };
    }

    /** A hostile path segment, percent-encoded (or already so). */
    static String hostilePathSegment(SplittableRandom r) {
        return switch (weighted(r, 6, 3, 1)) {
            case 0 -> encode(oneOf(r, PATH_VALUES));
            case 1 -> oneOf(r, RAW_URL_VALUES);
            default -> encode(anyText(r, 20));
        };
    }

    private static List<String> listOf(String value) {
        List<String> values = new ArrayList<>();
        values.add(value);
        return values;
    }

    /**
     * Percent-encodes all but letters, digits and {@code -._~} (so "/" stays inside its segment). An unpaired surrogate
     * is encoded as UTF-8 would encode it if it could (ED A0 80), as a careless client sends it; URLEncoder would send '?'.
     */
    static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append((char) c);
                continue;
            }
            byte[] bytes = c < 0x80 ? new byte[] {(byte) c}
                    : c < 0x800 ? new byte[] {(byte) (0xC0 | c >> 6), (byte) (0x80 | c & 0x3F)}
                    : c < 0x10000 ? new byte[] {(byte) (0xE0 | c >> 12), (byte) (0x80 | c >> 6 & 0x3F), (byte) (0x80 | c & 0x3F)}
                    : new byte[] {(byte) (0xF0 | c >> 18), (byte) (0x80 | c >> 12 & 0x3F), (byte) (0x80 | c >> 6 & 0x3F), (byte) (0x80 | c & 0x3F)};
            for (byte b : bytes) {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4 & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    // --- drawing ------------------------------------------------------------------------------------------------------

    static <T> T oneOf(SplittableRandom r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    /** An index into {@code weights}, each drawn in proportion to its weight. */
    static int weighted(SplittableRandom r, int... weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int draw = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Any UTF-16 text of up to {@code maxLength} chars: controls, NUL and unpaired surrogates included. */
    static String anyText(SplittableRandom r, int maxLength) {
        char[] chars = new char[r.nextInt(maxLength + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) r.nextInt(Character.MAX_VALUE + 1);
        }
        return new String(chars);
    }

    /** Any finite double, from subnormal to ±1.8e308 (uniform over bit patterns: every exponent alike), -0.0 included. */
    static double anyDouble(SplittableRandom r) {
        double d;
        do {
            d = Double.longBitsToDouble(r.nextLong());
        } while (!Double.isFinite(d));
        return d;
    }

    /** An integer of up to {@code maxBits} bits (its size drawn first, so small ones are as likely as huge), either sign. */
    static BigInteger anyInteger(SplittableRandom r, int maxBits) {
        byte[] bytes = new byte[(maxBits + 7) / 8];
        r.nextBytes(bytes);
        BigInteger magnitude = new BigInteger(1, bytes).shiftRight(bytes.length * 8 - r.nextInt(1, maxBits + 1));
        return r.nextBoolean() ? magnitude.negate() : magnitude;
    }
}
