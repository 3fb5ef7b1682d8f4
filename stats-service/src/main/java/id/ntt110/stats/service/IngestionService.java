package id.ntt110.stats.service;

import com.fasterxml.jackson.databind.JsonNode;
import id.ntt110.phone.PhoneNumbers;
import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemException;
import id.ntt110.reference.ReferenceData;
import id.ntt110.stats.config.StatsConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Takes batches of call legs and routing decisions. A batch is stored in one statement (one round trip): new leg ids
 * are registered, their legs stored, their calls merged into the call-back queue's table with their callers marked
 * for recomputation, and the hourly rollups of their desks updated — all in one transaction, so a duplicate or late
 * leg can never count twice or be lost between raw data, queue and rollups.
 * <p>
 * Every insert takes its rows in key order, so two batches holding the same legs in another order wait for each other
 * instead of deadlocking; a deadlock or serialization failure left over is retried, then answered 503.
 */
@ApplicationScoped
public class IngestionService {

    public record Rejected(
            @Schema(required = true, minimum = "0", description = "The item's position in the batch, from 0.") int index,
            @Schema(required = true, description = "Everything wrong with it, field by field.") List<Problem.FieldError> errors) {
    }

    public record Result(
            @Schema(required = true, minimum = "0", description = "Items stored by this request.") int accepted,
            @Schema(required = true, minimum = "0", description = "Items already stored (same leg id, or same callId for a "
                    + "decision) or repeated within the batch: they changed nothing.") int duplicates,
            @Schema(required = true, description = "Items refused, by index; the rest of the batch was stored all the same.")
            List<Rejected> rejected) {
    }

    private static final String INGEST_SQL = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[],
                                     ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS t (id, call_id, unit, caller, started_at, answered_at, ended_at, disposition, caller_e164, regency,
                          located_by, reason)
            ), fresh AS (
                INSERT INTO leg_seen (id) SELECT id FROM input ORDER BY id ON CONFLICT DO NOTHING RETURNING id
            ), stored AS (
                INSERT INTO call_leg (id, call_id, unit, caller, started_at, answered_at, ended_at, disposition, regency,
                                      located_by, reason)
                SELECT i.id, i.call_id, i.unit, i.caller, i.started_at, i.answered_at, i.ended_at, i.disposition, i.regency,
                       i.located_by, i.reason
                FROM input i JOIN fresh f ON f.id = i.id ORDER BY i.id
                RETURNING id, unit, started_at, answered_at, disposition
            ), calls AS (
                -- The call-back queue's view of each call; a late leg of a known call merges into it.
                INSERT INTO callback_call AS c (call_id, caller, started_at, first_unit, units, answered, answered_unit,
                                                answered_at)
                SELECT i.call_id, max(i.caller_e164), min(s.started_at), (array_agg(s.unit ORDER BY s.started_at, s.unit))[1],
                       array_agg(DISTINCT s.unit ORDER BY s.unit), bool_or(s.disposition = 'ANSWERED'),
                       (array_agg(s.unit ORDER BY s.answered_at, s.unit) FILTER (WHERE s.disposition = 'ANSWERED'))[1],
                       min(s.answered_at) FILTER (WHERE s.disposition = 'ANSWERED')
                FROM stored s JOIN input i ON i.id = s.id
                GROUP BY i.call_id ORDER BY i.call_id
                ON CONFLICT (call_id) DO UPDATE SET
                    -- the same as if all legs had come in one batch: ties go to the smaller desk code, the larger number
                    caller = greatest(c.caller, EXCLUDED.caller),
                    first_unit = CASE WHEN EXCLUDED.started_at < c.started_at
                                        OR (EXCLUDED.started_at = c.started_at AND EXCLUDED.first_unit < c.first_unit)
                                      THEN EXCLUDED.first_unit ELSE c.first_unit END,
                    started_at = least(c.started_at, EXCLUDED.started_at),
                    units = ARRAY(SELECT DISTINCT u FROM unnest(c.units || EXCLUDED.units) AS u ORDER BY u),
                    answered = c.answered OR EXCLUDED.answered,
                    answered_unit = CASE WHEN c.answered_at IS NULL OR EXCLUDED.answered_at < c.answered_at
                                              OR (EXCLUDED.answered_at = c.answered_at AND EXCLUDED.answered_unit < c.answered_unit)
                                         THEN coalesce(EXCLUDED.answered_unit, c.answered_unit) ELSE c.answered_unit END,
                    answered_at = least(c.answered_at, EXCLUDED.answered_at)
                RETURNING caller, started_at
            ), dirty AS (
                INSERT INTO callback_dirty AS d (caller, since)
                SELECT caller, min(started_at) FROM calls WHERE caller IS NOT NULL GROUP BY caller ORDER BY caller
                ON CONFLICT (caller) DO UPDATE SET since = least(d.since, EXCLUDED.since), version = d.version + 1
                RETURNING 1
            ), timed AS (
                SELECT unit, date_trunc('hour', started_at, 'UTC') AS hour, disposition = 'ANSWERED' AS answered,
                       CASE WHEN disposition = 'ANSWERED' THEN extract(epoch FROM answered_at - started_at) END AS seconds
                FROM stored
            ), rolled AS (
                INSERT INTO leg_rollup_hourly AS r (unit, hour, incoming, answered, answered_le_5, answered_le_10,
                    answered_le_15, answered_le_20, answered_le_30, answered_le_60, answer_ms_sum)
                SELECT unit, hour, count(*), count(*) FILTER (WHERE answered),
                       count(*) FILTER (WHERE seconds <= 5), count(*) FILTER (WHERE seconds <= 10),
                       count(*) FILTER (WHERE seconds <= 15), count(*) FILTER (WHERE seconds <= 20),
                       count(*) FILTER (WHERE seconds <= 30), count(*) FILTER (WHERE seconds <= 60),
                       coalesce(round(sum(seconds) * 1000), 0)
                FROM timed GROUP BY unit, hour ORDER BY unit, hour
                ON CONFLICT (unit, hour) DO UPDATE SET
                    incoming = r.incoming + EXCLUDED.incoming, answered = r.answered + EXCLUDED.answered,
                    answered_le_5 = r.answered_le_5 + EXCLUDED.answered_le_5,
                    answered_le_10 = r.answered_le_10 + EXCLUDED.answered_le_10,
                    answered_le_15 = r.answered_le_15 + EXCLUDED.answered_le_15,
                    answered_le_20 = r.answered_le_20 + EXCLUDED.answered_le_20,
                    answered_le_30 = r.answered_le_30 + EXCLUDED.answered_le_30,
                    answered_le_60 = r.answered_le_60 + EXCLUDED.answered_le_60,
                    answer_ms_sum = r.answer_ms_sum + EXCLUDED.answer_ms_sum
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM fresh), (SELECT count(*) FROM rolled), (SELECT count(*) FROM dirty)""";

    private final AgroalDataSource dataSource;
    private final ReferenceData reference;
    private final StatsConfig config;
    private final PhoneNumbers phones;
    private final CallbackQueue queue;
    private final MasterCsv masterCsv;

    public IngestionService(AgroalDataSource dataSource, ReferenceData reference, StatsConfig config, PhoneNumbers phones,
            CallbackQueue queue, MasterCsv masterCsv) {
        this.dataSource = dataSource;
        this.reference = reference;
        this.config = config;
        this.phones = phones;
        this.queue = queue;
        this.masterCsv = masterCsv;
    }

    public Result ingestLegs(JsonNode body) throws SQLException {
        return ingest(batch(body, "legs").stream().map(item -> Legs.check(item, reference)).toList());
    }

    /**
     * Asterisk's Master.csv: each data row a leg, stored, a duplicate or rejected like a JSON leg (index: the data row,
     * from 0). unit: the desk of every row, or null for the desks of {@code stats.cdr-csv.desks}.
     */
    public Result ingestMasterCsv(InputStream body, String unit) throws IOException, SQLException {
        return ingest(masterCsv.read(body, unit));
    }

    private Result ingest(List<Legs.Checked> items) throws SQLException {
        List<Legs.Leg> valid = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int duplicatesInBatch = 0;
        for (int i = 0; i < items.size(); i++) {
            Legs.Checked checked = items.get(i);
            if (checked.leg() == null) {
                rejected.add(new Rejected(i, checked.errors()));
            } else if (!ids.add(checked.leg().id())) {
                duplicatesInBatch++;
            } else {
                valid.add(checked.leg());
            }
        }
        if (valid.isEmpty()) {
            return new Result(0, duplicatesInBatch, rejected);
        }
        for (int attempt = 1;; attempt++) {
            try {
                return store(valid, duplicatesInBatch, rejected);
            } catch (SQLException e) {
                // rolled back whole by a deadlock or serialization failure: the batch may simply run again
                if (!id.ntt110.problem.InternalErrorMapper.isRetryableConflict(e) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private Result store(List<Legs.Leg> valid, int duplicatesInBatch, List<Rejected> rejected) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement ingest = connection.prepareStatement(INGEST_SQL)) {
                ingest.setArray(1, connection.createArrayOf("text", valid.stream().map(Legs.Leg::id).toArray()));
                ingest.setArray(2, connection.createArrayOf("text", valid.stream().map(Legs.Leg::callId).toArray()));
                ingest.setArray(3, connection.createArrayOf("text", valid.stream().map(Legs.Leg::unit).toArray()));
                ingest.setArray(4, connection.createArrayOf("text", valid.stream().map(Legs.Leg::caller).toArray()));
                ingest.setArray(5, timestamps(connection, valid.stream().map(Legs.Leg::startedAt).toList()));
                ingest.setArray(6, timestamps(connection, valid.stream().map(Legs.Leg::answeredAt).toList()));
                ingest.setArray(7, timestamps(connection, valid.stream().map(Legs.Leg::endedAt).toList()));
                ingest.setArray(8, connection.createArrayOf("text", valid.stream().map(Legs.Leg::disposition).toArray()));
                ingest.setArray(9, connection.createArrayOf("text",
                        valid.stream().map(leg -> phones.e164(leg.caller()).orElse(null)).toArray()));
                ingest.setArray(10, connection.createArrayOf("text", valid.stream().map(Legs.Leg::regency).toArray()));
                ingest.setArray(11, connection.createArrayOf("text", valid.stream().map(Legs.Leg::locatedBy).toArray()));
                ingest.setArray(12, connection.createArrayOf("text", valid.stream().map(Legs.Leg::reason).toArray()));
                int accepted;
                try (ResultSet row = ingest.executeQuery()) {
                    row.next();
                    accepted = row.getInt(1);
                }
                connection.commit();
                queue.recomputeSoon();
                return new Result(accepted, duplicatesInBatch + valid.size() - accepted, rejected);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Stores routing decisions; one already known (by callId) changes nothing. Invalid ones are rejected by index. */
    public Result ingestDecisions(JsonNode body) throws SQLException {
        List<JsonNode> items = batch(body, "decisions");
        List<String[]> valid = new ArrayList<>();
        List<Instant> decidedAt = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int duplicatesInBatch = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode node = items.get(i);
            List<Problem.FieldError> errors = new ArrayList<>();
            if (!node.isObject()) {
                rejected.add(new Rejected(i, List.of(new Problem.FieldError("decision", "must be an object"))));
                continue;
            }
            String callId = Legs.text(node, "callId", true, 100, errors);
            String regency = Legs.text(node, "regency", false, 10, errors);
            String covering = Legs.text(node, "coveringUnit", false, 40, errors);
            String unit = Legs.text(node, "unit", true, 40, errors);
            String reason = Legs.text(node, "reason", true, 40, errors);
            Instant at = Legs.instant(node, "decidedAt", true, errors);
            if (unit != null && reference.unit(unit).isEmpty()) {
                errors.add(new Problem.FieldError("unit", "'" + unit + "' is not a desk of Polda NTT"));
            }
            if (regency != null && reference.regency(regency).isEmpty()) {
                errors.add(new Problem.FieldError("regency", "'" + regency + "' is not a regency of NTT"));
            }
            if (!errors.isEmpty()) {
                rejected.add(new Rejected(i, errors));
            } else if (!ids.add(callId)) {
                duplicatesInBatch++;
            } else {
                valid.add(new String[] {callId, regency, covering, unit, reason});
                decidedAt.add(at);
            }
        }
        if (valid.isEmpty()) {
            return new Result(0, duplicatesInBatch, rejected);
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO routing_decision (call_id, regency, covering_unit, unit, reason, decided_at)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                ON CONFLICT (call_id) DO NOTHING""")) {
            for (int column = 0; column < 5; column++) {
                int c = column;
                insert.setArray(column + 1, connection.createArrayOf("text", valid.stream().map(v -> v[c]).toArray()));
            }
            insert.setArray(6, timestamps(connection, decidedAt));
            int accepted = insert.executeUpdate();
            return new Result(accepted, duplicatesInBatch + valid.size() - accepted, rejected);
        }
    }

    private List<JsonNode> batch(JsonNode body, String what) {
        if (body == null || !body.isArray()) {
            throw ProblemException.invalid("body", "must be a JSON array of " + what);
        }
        if (body.isEmpty()) {
            throw ProblemException.invalid("body", "holds no " + what);
        }
        if (body.size() > config.maxBatch()) {
            throw ProblemException.invalid("body", "holds " + body.size() + " " + what + "; at most " + config.maxBatch()
                    + " per request");
        }
        List<JsonNode> items = new ArrayList<>(body.size());
        body.forEach(items::add);
        return items;
    }

    private static java.sql.Array timestamps(Connection connection, List<Instant> instants) throws SQLException {
        return connection.createArrayOf("timestamptz",
                instants.stream().map(i -> i == null ? null : Timestamp.from(i)).toArray());
    }
}
