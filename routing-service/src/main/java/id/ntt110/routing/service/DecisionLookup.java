package id.ntt110.routing.service;

import id.ntt110.reference.ReferenceData;
import id.ntt110.routing.LocatedBy;
import id.ntt110.routing.RouteReason;
import id.ntt110.routing.rest.RouteResponse;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The recorded decision of one call, for the desk that took it: this replica's decisions not stored yet first (a call
 * routed a moment ago), then the database. Another replica's decision is found once it is stored (within a second).
 */
@ApplicationScoped
public class DecisionLookup {

    @Schema(description = "The decision routing recorded for a call: where it placed the caller and why the call went where it did.")
    public record RecordedDecision(
            @Schema(required = true) String callId,
            @Schema(nullable = true, description = "The caller's number as the call carried it.") String caller,
            @Schema(nullable = true) RouteResponse.RegencyRef regency,
            @Schema(required = true) LocatedBy locatedBy,
            @Schema(nullable = true, description = "The position the call gave (GPS, or the PIDF-LO of its INVITE), "
                    + "whether or not it placed the caller.") Position position,
            @Schema(nullable = true) String coveringUnit,
            @Schema(required = true) String unit,
            @Schema(required = true) RouteReason reason,
            @Schema(required = true) List<String> warnings,
            @Schema(required = true) java.time.Instant decidedAt) {
    }

    public record Position(@Schema(required = true) double lat, @Schema(required = true) double lon,
            @Schema(nullable = true) Double accuracyMeters) {
    }

    private static final String SELECT = """
            SELECT call_id, caller, regency, covering_unit, unit, reason, located_by, decided_at, lat, lon, accuracy_m, warnings
            FROM routing_decision WHERE call_id = ?""";

    private final AgroalDataSource dataSource;
    private final DecisionRecorder recorder;
    private final ReferenceData reference;

    public DecisionLookup(AgroalDataSource dataSource, DecisionRecorder recorder, ReferenceData reference) {
        this.dataSource = dataSource;
        this.recorder = recorder;
        this.reference = reference;
    }

    public Optional<RecordedDecision> find(String callId) {
        Optional<DecisionRecorder.Recorded> unsaved = recorder.unsaved(callId);
        if (unsaved.isPresent()) {
            DecisionRecorder.Recorded r = unsaved.get();
            CallLocator.Fix fix = r.fix();
            return Optional.of(view(r.decision(), fix == null ? null : new Position(fix.lat(), fix.lon(), fix.accuracyMeters()),
                    r.warnings()));
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, callId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                DecisionRecorder.Decision decision = new DecisionRecorder.Decision(row.getString(1), row.getString(2),
                        row.getString(3), row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                        row.getObject(8, OffsetDateTime.class).toInstant());
                Double lat = (Double) row.getObject(9);
                Double lon = (Double) row.getObject(10);
                Double accuracy = (Double) row.getObject(11);
                Array warnings = row.getArray(12);
                return Optional.of(view(decision, lat == null || lon == null ? null : new Position(lat, lon, accuracy),
                        warnings == null ? List.of() : Arrays.asList((String[]) warnings.getArray())));
            }
        } catch (SQLException e) {
            // service-support's InternalErrorMapper answers an unreachable database with a 503.
            throw new IllegalStateException("Reading the decision of a call failed", e);
        }
    }

    private RecordedDecision view(DecisionRecorder.Decision d, Position position, List<String> warnings) {
        RouteResponse.RegencyRef regency = d.regency() == null ? null : reference.regency(d.regency())
                .map(r -> new RouteResponse.RegencyRef(r.code(), r.name())).orElse(new RouteResponse.RegencyRef(d.regency(), d.regency()));
        return new RecordedDecision(d.callId(), d.caller(), regency, LocatedBy.valueOf(d.locatedBy()), position,
                d.coveringUnit(), d.unit(), RouteReason.valueOf(d.reason()), warnings, d.decidedAt());
    }
}
