package id.ntt110.routing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import id.ntt110.routing.LocatedBy;
import id.ntt110.routing.RouteReason;
import java.time.Instant;
import java.util.List;

/** Where a call goes, why, and where it goes next if nobody answers. */
public record RouteResponse(String callId, RegencyRef regency, LocatedBy locatedBy, String coveringUnit, String unit,
        String destination, RouteReason reason, List<Overflow> overflow, Instant decidedAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    public record RegencyRef(String code, String name) {
    }

    /** Ring {@code unit} at {@code destination} if the previous desk has not answered after {@code afterSeconds}. */
    public record Overflow(String unit, String destination, int afterSeconds) {
    }
}
