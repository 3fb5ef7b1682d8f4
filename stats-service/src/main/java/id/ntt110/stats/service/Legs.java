package id.ntt110.stats.service;

import com.fasterxml.jackson.databind.JsonNode;
import id.ntt110.problem.NulCharacters;
import id.ntt110.problem.Problem;
import id.ntt110.reference.ReferenceData;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads and checks one leg of a CDR batch; every problem is named so that the leg can be rejected by its index. */
final class Legs {

    static final Set<String> DISPOSITIONS = Set.of("ANSWERED", "NO_ANSWER", "BUSY", "ABANDONED", "FAILED");
    /** routing-service's LocatedBy. */
    static final Set<String> LOCATED_BY = Set.of("GPS", "GPS_NEAREST", "CELL", "DECLARED", "NUMBER_PREFIX", "NONE");
    /** routing-service's RouteReason, and the edge's own: it sent the call to Polda without an answer from routing. */
    static final Set<String> REASONS = Set.of("DIRECT", "COVERING_UNIT_NOT_LIVE", "COVERING_UNIT_SUSPENDED", "UNKNOWN_LOCATION",
            "OUTSIDE_AREA", "ROUTING_UNAVAILABLE");

    /** regency, locatedBy, reason: the routing decision the leg followed, as the SIP edge knew it; each may be null. */
    record Leg(String id, String callId, String unit, String caller, Instant startedAt, Instant answeredAt, Instant endedAt,
            String disposition, String regency, String locatedBy, String reason) {
    }

    record Checked(Leg leg, List<Problem.FieldError> errors) {
    }

    private Legs() {
    }

    static Checked check(JsonNode node, ReferenceData reference) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError("leg", "must be an object"));
            return new Checked(null, errors);
        }
        String id = text(node, "id", true, 100, errors);
        String callId = text(node, "callId", true, 100, errors);
        String unit = text(node, "unit", true, 40, errors);
        if (unit != null && reference.unit(unit).isEmpty()) {
            errors.add(new Problem.FieldError("unit", "'" + unit + "' is not a desk of Polda NTT"));
        }
        String caller = text(node, "caller", false, 40, errors);
        Instant started = instant(node, "startedAt", true, errors);
        Instant answered = instant(node, "answeredAt", false, errors);
        Instant ended = instant(node, "endedAt", false, errors);
        String disposition = text(node, "disposition", true, 20, errors);
        if (disposition != null && !DISPOSITIONS.contains(disposition)) {
            errors.add(new Problem.FieldError("disposition", "'" + disposition + "' is not one of " + DISPOSITIONS));
        }
        String regency = text(node, "regency", false, 10, errors);
        if (regency != null && reference.regency(regency).isEmpty()) {
            errors.add(new Problem.FieldError("regency", "'" + regency + "' is not a regency of NTT"));
        }
        String locatedBy = oneOf(node, "locatedBy", LOCATED_BY, errors);
        String reason = oneOf(node, "reason", REASONS, errors);
        if (started != null && answered != null && answered.isBefore(started)) {
            errors.add(new Problem.FieldError("answeredAt", "is before startedAt"));
        }
        if (started != null && ended != null && ended.isBefore(answered != null ? answered : started)) {
            errors.add(new Problem.FieldError("endedAt", answered != null ? "is before answeredAt" : "is before startedAt"));
        }
        // Absent, null or empty all mean no answer time; an unreadable one already has its own error.
        if ("ANSWERED".equals(disposition) && answered == null && errors.stream().noneMatch(e -> e.field().equals("answeredAt"))) {
            errors.add(new Problem.FieldError("answeredAt", "is required when disposition is ANSWERED"));
        }
        if (disposition != null && !"ANSWERED".equals(disposition) && answered != null) {
            errors.add(new Problem.FieldError("answeredAt", "must be absent when disposition is " + disposition));
        }
        return errors.isEmpty() ? new Checked(new Leg(id, callId, unit, caller, started, answered, ended, disposition, regency,
                locatedBy, reason), errors) : new Checked(null, errors);
    }

    private static String oneOf(JsonNode node, String field, Set<String> allowed, List<Problem.FieldError> errors) {
        String value = text(node, field, false, 40, errors);
        if (value != null && !allowed.contains(value)) {
            errors.add(new Problem.FieldError(field, "'" + value + "' is not one of " + new java.util.TreeSet<>(allowed)));
            return null;
        }
        return value;
    }

    static String text(JsonNode node, String field, boolean required, int max, List<Problem.FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            if (required) {
                errors.add(new Problem.FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return null;
        }
        String text = value.asText().strip();
        if (text.length() > max) {
            errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        if (NulCharacters.contains(text)) {
            errors.add(new Problem.FieldError(field, NulCharacters.MESSAGE));
            return null;
        }
        return text;
    }

    static Instant instant(JsonNode node, String field, boolean required, List<Problem.FieldError> errors) {
        String text = text(node, field, required, 40, errors);
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "'" + text + "' is not an ISO-8601 instant with an offset, such as 2021-07-10T08:15:00+08:00"));
            return null;
        }
        // A leg outside this window is no 110 call (and year 0 has no partition to go to): refused with the row, not the batch.
        Instant latest = Instant.now().plus(MAX_FUTURE);
        if (instant.isBefore(EARLIEST) || instant.isAfter(latest)) {
            errors.add(new Problem.FieldError(field, "'" + text + "' is outside " + EARLIEST + " to 30 days from now"));
            return null;
        }
        return instant;
    }

    /** The plausible window of a leg's times. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final java.time.Duration MAX_FUTURE = java.time.Duration.ofDays(30);
}
