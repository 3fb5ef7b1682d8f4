package id.ntt110.incident.service;

import id.ntt110.incident.Category;
import id.ntt110.incident.Incident;
import id.ntt110.incident.IncidentHistoryEntry;
import id.ntt110.incident.IncidentHistoryRepository;
import id.ntt110.incident.IncidentRepository;
import id.ntt110.phone.PhoneNumbers;
import id.ntt110.incident.IncidentStatus;
import id.ntt110.incident.Priority;
import id.ntt110.incident.config.IncidentConfig;
import id.ntt110.incident.rest.IncidentPayloads.AttachCall;
import id.ntt110.incident.rest.IncidentPayloads.Caller;
import id.ntt110.incident.rest.IncidentPayloads.CountRow;
import id.ntt110.incident.rest.IncidentPayloads.CreateIncident;
import id.ntt110.incident.rest.IncidentPayloads.EditIncident;
import id.ntt110.incident.rest.IncidentPayloads.IncidentView;
import id.ntt110.incident.rest.IncidentPayloads.Location;
import id.ntt110.incident.rest.IncidentPayloads.Page;
import id.ntt110.incident.rest.IncidentPayloads.Present;
import id.ntt110.incident.rest.IncidentPayloads.Transition;
import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemException;
import id.ntt110.problem.ProblemTypes;
import id.ntt110.reference.ReferenceData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Every change to an incident goes through here, in one transaction with its history entry. */
@ApplicationScoped
public class IncidentService {

    public static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    private static final String COLUMNS = "id, number, unit, category, priority, status, summary, description, caller_name, "
            + "caller_phone, lat, lon, address, regency, occurred_at, reported_by, created_at, updated_at, ended_at, version";

    private final IncidentRepository incidents;
    private final IncidentHistoryRepository history;
    private final ReferenceData reference;
    private final PhoneNumbers phones;
    private final IncidentConfig config;
    /** The signed-in user: every record names them, and a polres user sees their own desk's incidents only. */
    private final id.ntt110.security.Caller user;

    public IncidentService(IncidentRepository incidents, IncidentHistoryRepository history, ReferenceData reference,
            PhoneNumbers phones, IncidentConfig config, id.ntt110.security.Caller user) {
        this.incidents = incidents;
        this.history = history;
        this.reference = reference;
        this.phones = phones;
        this.config = config;
        this.user = user;
    }

    /** Search filters; null means "any". {@code from}/{@code to} are WITA dates, both inclusive. */
    public record SearchFilter(String unit, IncidentStatus status, Category category, LocalDate from, LocalDate to, String q) {
    }

    @Transactional
    public IncidentView create(CreateIncident request) {
        if (reference.unit(request.unit()).isEmpty()) {
            throw ProblemException.invalid("unit", "'" + request.unit() + "' is not a desk of Polda NTT");
        }
        user.requireDesk(request.unit(), "unit");
        Instant now = Instant.now();
        Incident incident = new Incident();
        incident.id = UUID.randomUUID();
        incident.unit = request.unit();
        incident.category = request.category();
        incident.priority = request.priority() == null ? Priority.MEDIUM : request.priority();
        incident.status = IncidentStatus.RECEIVED;
        incident.summary = summary(request.summary());
        incident.description = blankToNull(request.description());
        applyCaller(incident, request.caller());
        applyLocation(incident, request.location());
        incident.occurredAt = checkOccurredAt(request.occurredAt(), now);
        incident.reportedBy = user.name();
        incident.createdAt = now;
        incident.updatedAt = now;
        incident.version = 1;
        if (request.callId() != null) {
            incidents.incidentOfCall(request.callId()).ifPresent(other -> {
                throw callElsewhere(request.callId(), other);
            });
        }
        int year = now.atZone(WITA).getYear();
        incident.number = String.format("110/%s/%d/%06d", incident.unit, year, incidents.nextNumber(incident.unit, year));
        incidents.persist(incident);
        incidents.flush();
        if (request.callId() != null && !incidents.attachCall(incident.id, request.callId(), now)) {
            throw attachedMeanwhile(request.callId());
        }
        record(incident, incident.reportedBy, IncidentHistoryEntry.Action.CREATED, null, IncidentStatus.RECEIVED, null,
                request.callId() == null ? null : Map.of("callId", request.callId()));
        return view(incident);
    }

    public Optional<IncidentView> find(UUID id) {
        return incidents.findByIdOptional(id).filter(this::visible).map(this::view);
    }

    /** Another desk's incident is, to a polres user, as if it did not exist. */
    private boolean visible(Incident incident) {
        return user.maySee(incident.unit);
    }

    @Transactional
    public IncidentView transition(UUID id, Transition request, OptionalLong ifMatch) {
        Incident incident = lockForChange(id, ifMatch);
        IncidentStatus from = incident.status;
        if (!from.canBecome(request.to())) {
            String allowed = from.isFinal() ? "none: " + from + " is final" : from.next().toString();
            throw new ProblemException(new Problem(ProblemTypes.type("illegal-transition"), "Illegal transition",
                    409, from + " → " + request.to() + " is not allowed; allowed next: " + allowed + ".", null,
                    List.of(new Problem.FieldError("to", "allowed from " + from + ": " + allowed))));
        }
        Instant now = Instant.now();
        incident.status = request.to();
        if (request.to().isFinal()) {
            incident.endedAt = now;
        }
        touch(incident, now);
        record(incident, user.name(), IncidentHistoryEntry.Action.TRANSITION, from, request.to(),
                blankToNull(request.note()), null);
        return view(incident);
    }

    /** Idempotent: a call already attached to this incident changes nothing. */
    @Transactional
    public IncidentView attachCall(UUID id, AttachCall request) {
        Incident incident = incidents.findByIdForUpdate(id).filter(this::visible).orElseThrow(() -> notFound(id));
        Optional<UUID> attachedTo = incidents.incidentOfCall(request.callId());
        if (attachedTo.isPresent()) {
            if (attachedTo.get().equals(id)) {
                return view(incident);
            }
            throw callElsewhere(request.callId(), attachedTo.get());
        }
        Instant now = Instant.now();
        if (!incidents.attachCall(id, request.callId(), now)) {
            throw attachedMeanwhile(request.callId());
        }
        touch(incident, now);
        record(incident, user.name(), IncidentHistoryEntry.Action.CALL_ATTACHED, null, null, null, Map.of("callId", request.callId()));
        return view(incident);
    }

    /** Corrections by an operator; each changed field is recorded with its old and new value. */
    /** Merge-patch rules: {@code present} says which fields the body carried, so null clears and absent keeps. */
    @Transactional
    public IncidentView edit(UUID id, EditIncident request, Present present, OptionalLong ifMatch) {
        notCleared(present, "category", request.category());
        notCleared(present, "priority", request.priority());
        notCleared(present, "summary", request.summary());
        Incident incident = lockForChange(id, ifMatch);
        if (incident.status.isFinal()) {
            throw ProblemException.conflict("Incident " + incident.number + " is " + incident.status + " and can no longer be edited.");
        }
        Map<String, Object> before = snapshot(incident);
        if (request.category() != null) {
            incident.category = request.category();
        }
        if (request.priority() != null) {
            incident.priority = request.priority();
        }
        if (request.summary() != null) {
            incident.summary = summary(request.summary());
        }
        if (present.has("description")) {
            incident.description = blankToNull(request.description());
        }
        if (present.has("caller")) {
            mergeCaller(incident, request.caller(), present);
        }
        if (present.has("location")) {
            mergeLocation(incident, request.location(), present);
        }
        if (present.has("occurredAt")) {
            incident.occurredAt = request.occurredAt() == null ? null : checkOccurredAt(request.occurredAt(), Instant.now());
        }
        Map<String, Object> after = snapshot(incident);
        Map<String, Object> changes = new LinkedHashMap<>();
        before.forEach((field, old) -> {
            Object now = after.get(field);
            if (!Objects.equals(old, now)) {
                Map<String, Object> change = new HashMap<>();
                change.put("from", old);
                change.put("to", now);
                changes.put(field, change);
            }
        });
        if (changes.isEmpty()) {
            return view(incident);
        }
        touch(incident, Instant.now());
        record(incident, user.name(), IncidentHistoryEntry.Action.EDITED, null, null, blankToNull(request.note()), changes);
        return view(incident);
    }

    public List<IncidentHistoryEntry> history(UUID id) {
        if (incidents.findByIdOptional(id).filter(this::visible).isEmpty()) {
            throw notFound(id);
        }
        return history.listByIncident(id);
    }

    public Page<IncidentView> search(SearchFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> parameters = new HashMap<>();
        if (filter.unit() != null) {
            user.requireDesk(filter.unit(), "unit");
        }
        String unit = filter.unit() != null ? filter.unit() : user.confinedDesk().orElse(null);
        if (unit != null) {
            where.append(" AND unit = :unit");
            parameters.put("unit", unit);
        }
        if (filter.status() != null) {
            where.append(" AND status = :status");
            parameters.put("status", filter.status().name());
        }
        if (filter.category() != null) {
            where.append(" AND category = :category");
            parameters.put("category", filter.category().name());
        }
        if (filter.from() != null) {
            where.append(" AND created_at >= :from");
            parameters.put("from", filter.from().atStartOfDay(WITA).toInstant());
        }
        if (filter.to() != null) {
            where.append(" AND created_at < :to");
            parameters.put("to", filter.to().plusDays(1).atStartOfDay(WITA).toInstant());
        }
        if (filter.q() != null) {
            where.append(" AND search @@ plainto_tsquery('simple', :q)");
            parameters.put("q", filter.q());
        }
        EntityManager em = incidents.getEntityManager();
        int cap = config.searchMaxExactTotal();
        Query count = em.createNativeQuery("SELECT count(*) FROM (SELECT 1 FROM incident" + where + " LIMIT " + (cap + 1) + ") AS capped");
        Query select = em.createNativeQuery("SELECT " + COLUMNS + " FROM incident" + where
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset", Incident.class);
        parameters.forEach((name, value) -> {
            count.setParameter(name, value);
            select.setParameter(name, value);
        });
        select.setParameter("limit", size).setParameter("offset", (long) page * size);
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Incident> rows = select.getResultList();
        return new Page<>(views(rows), page, size, Math.min(total, cap), total <= cap);
    }

    /**
     * Incidents created in [from, to] (WITA dates), grouped, with how many were closed as pranks; for a polres
     * supervisor, over their desk's incidents only.
     */
    public List<CountRow> counts(LocalDate from, LocalDate to, String column) {
        if (!List.of("unit", "category", "status").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        Optional<String> desk = user.confinedDesk();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = incidents.getEntityManager().createNativeQuery("SELECT " + column
                + ", count(*), count(*) FILTER (WHERE status = 'PRANK') FROM incident"
                + " WHERE created_at >= ?1 AND created_at < ?2 AND (CAST(?3 AS text) IS NULL OR unit = ?3)"
                + " GROUP BY " + column + " ORDER BY " + column)
                .setParameter(1, from.atStartOfDay(WITA).toInstant())
                .setParameter(2, to.plusDays(1).atStartOfDay(WITA).toInstant())
                .setParameter(3, desk.orElse(null))
                .getResultList();
        return rows.stream().map(r -> new CountRow((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue())).toList();
    }

    private Incident lockForChange(UUID id, OptionalLong ifMatch) {
        Incident incident = incidents.findByIdForUpdate(id).filter(this::visible).orElseThrow(() -> notFound(id));
        if (ifMatch.isPresent() && ifMatch.getAsLong() != incident.version) {
            throw ProblemException.preconditionFailed("Incident " + incident.number + " is at version " + incident.version
                    + ", not " + ifMatch.getAsLong() + ": someone changed it since you read it. Reload and try again.");
        }
        return incident;
    }

    private static void touch(Incident incident, Instant now) {
        incident.updatedAt = now;
        incident.version++;
    }

    private void record(Incident incident, String actor, IncidentHistoryEntry.Action action, IncidentStatus from,
            IncidentStatus to, String note, Map<String, Object> changes) {
        IncidentHistoryEntry entry = new IncidentHistoryEntry();
        entry.incidentId = incident.id;
        entry.at = incident.updatedAt;
        entry.actor = actor;
        entry.action = action;
        entry.fromStatus = from;
        entry.toStatus = to;
        entry.note = note;
        entry.changes = changes;
        history.persist(entry);
    }

    private void applyCaller(Incident incident, Caller caller) {
        incident.callerName = caller == null ? null : blankToNull(caller.name());
        incident.callerPhone = caller == null || blankToNull(caller.phone()) == null ? null
                : phones.toE164(caller.phone(), "caller.phone");
    }

    private static void notCleared(Present present, String field, Object value) {
        if (present.has(field) && value == null) {
            throw ProblemException.invalid(field, "cannot be cleared; leave it out to keep it");
        }
    }

    /** Only the caller's fields the body carried change (a name alone keeps the phone, the call-back number). */
    private void mergeCaller(Incident incident, Caller caller, Present present) {
        if (caller == null) {
            applyCaller(incident, null);
            return;
        }
        if (present.has("caller.name")) {
            incident.callerName = blankToNull(caller.name());
        }
        if (present.has("caller.phone")) {
            incident.callerPhone = blankToNull(caller.phone()) == null ? null : phones.toE164(caller.phone(), "caller.phone");
        }
    }

    /** Only the location's fields the body carried change; lat and lon must still come as a pair. */
    private void mergeLocation(Incident incident, Location location, Present present) {
        if (location == null) {
            applyLocation(incident, null);
            return;
        }
        if (present.has("location.regency") && location.regency() != null && reference.regency(location.regency()).isEmpty()) {
            throw ProblemException.invalid("location.regency", "'" + location.regency() + "' is not a regency of NTT");
        }
        Double lat = present.has("location.lat") ? location.lat() : incident.lat;
        Double lon = present.has("location.lon") ? location.lon() : incident.lon;
        if ((lat == null) != (lon == null)) {
            throw ProblemException.invalid(lat == null ? "location.lat" : "location.lon", "lat and lon must be given together");
        }
        incident.lat = lat;
        incident.lon = lon;
        if (present.has("location.address")) {
            incident.address = blankToNull(location.address());
        }
        if (present.has("location.regency")) {
            incident.regency = location.regency();
        }
    }

    private void applyLocation(Incident incident, Location location) {
        if (location == null) {
            incident.lat = incident.lon = null;
            incident.address = incident.regency = null;
            return;
        }
        if ((location.lat() == null) != (location.lon() == null)) {
            throw ProblemException.invalid(location.lat() == null ? "location.lat" : "location.lon",
                    "lat and lon must be given together");
        }
        if (location.regency() != null && reference.regency(location.regency()).isEmpty()) {
            throw ProblemException.invalid("location.regency", "'" + location.regency() + "' is not a regency of NTT");
        }
        incident.lat = location.lat();
        incident.lon = location.lon();
        incident.address = blankToNull(location.address());
        incident.regency = location.regency();
    }

    private Instant checkOccurredAt(Instant occurredAt, Instant now) {
        if (occurredAt != null && occurredAt.isAfter(now.plus(config.maxClockSkew()))) {
            throw ProblemException.invalid("occurredAt", "lies in the future");
        }
        return occurredAt;
    }

    private static Map<String, Object> snapshot(Incident i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("category", i.category == null ? null : i.category.name());
        fields.put("priority", i.priority == null ? null : i.priority.name());
        fields.put("summary", i.summary);
        fields.put("description", i.description);
        fields.put("caller.name", i.callerName);
        fields.put("caller.phone", i.callerPhone);
        fields.put("location.lat", i.lat);
        fields.put("location.lon", i.lon);
        fields.put("location.address", i.address);
        fields.put("location.regency", i.regency);
        fields.put("occurredAt", i.occurredAt == null ? null : i.occurredAt.toString());
        return fields;
    }

    private IncidentView view(Incident incident) {
        return views(List.of(incident)).get(0);
    }

    /** Views of several incidents with two queries in all: their calls, and the prank counts of their callers. */
    private List<IncidentView> views(List<Incident> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        EntityManager em = incidents.getEntityManager();
        Map<UUID, List<String>> calls = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> callRows = em.createNativeQuery(
                "SELECT incident_id, call_id FROM incident_call WHERE incident_id IN (:ids) ORDER BY attached_at, call_id")
                .setParameter("ids", rows.stream().map(r -> r.id).toList()).getResultList();
        callRows.forEach(r -> calls.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add((String) r[1]));
        Map<String, Long> pranks = new HashMap<>();
        List<String> phonesInPage = rows.stream().map(r -> r.callerPhone).filter(Objects::nonNull).distinct().toList();
        if (!phonesInPage.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> prankRows = em.createNativeQuery("""
                    SELECT caller_phone, count(*) FROM incident
                    WHERE status = 'PRANK' AND caller_phone IN (:phones) AND ended_at >= :since
                    GROUP BY caller_phone""")
                    .setParameter("phones", phonesInPage).setParameter("since", Instant.now().minus(config.prankWindow()))
                    .getResultList();
            prankRows.forEach(r -> pranks.put((String) r[0], ((Number) r[1]).longValue()));
        }
        return rows.stream().map(i -> new IncidentView(i.id, i.number, i.unit, i.category, i.priority, i.status, i.summary,
                i.description, calls.getOrDefault(i.id, List.of()),
                i.callerName == null && i.callerPhone == null ? null : new Caller(i.callerName, i.callerPhone),
                i.lat == null && i.address == null && i.regency == null ? null : new Location(i.lat, i.lon, i.address, i.regency),
                i.occurredAt, i.reportedBy, i.createdAt, i.updatedAt, i.version,
                i.callerPhone == null ? 0 : pranks.getOrDefault(i.callerPhone, 0L), List.copyOf(i.status.next()))).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * The summary as stored: stripped, and 3 to 200 characters as PostgreSQL counts them (code points). Bean
     * Validation's @Size counts UTF-16 units before the strip, so "ab " or two emoji passed it and broke the column's
     * CHECK, a 500.
     */
    private static String summary(String given) {
        String summary = given.strip();
        int length = summary.codePointCount(0, summary.length());
        if (length < 3 || length > 200) {
            throw ProblemException.invalid("summary", "must be 3 to 200 characters, not counting spaces around it (it has " + length + ")");
        }
        return summary;
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("There is no incident " + id + ".");
    }

    /** Another request attached the call between the check and the insert (both saw it free). */
    private ProblemException attachedMeanwhile(String callId) {
        return incidents.incidentOfCall(callId).map(other -> callElsewhere(callId, other))
                .orElseGet(() -> ProblemException.conflict("Call " + callId + " was being attached to another incident; try again."));
    }

    private ProblemException callElsewhere(String callId, UUID other) {
        // Another desk's incident stays unnamed to a polres user, as everywhere else.
        String incident = incidents.findByIdOptional(other).filter(this::visible).map(i -> "incident " + i.number)
                .orElse("an incident of another desk");
        return ProblemException.conflict("Call " + callId + " is already attached to " + incident + ".");
    }
}
