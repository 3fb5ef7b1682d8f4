package id.ntt110.routing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import id.ntt110.routing.LocatedBy;
import id.ntt110.routing.RouteReason;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.List;

/** Where a call goes, why, and where it goes next if nobody answers. */
public record RouteResponse(
        @Schema(required = true) String callId,
        @Schema(nullable = true, description = "The regency the caller is in; null when nothing placed them.") RegencyRef regency,
        @Schema(required = true) LocatedBy locatedBy,
        @Schema(nullable = true, description = "The desk that covers the regency; null when the regency is unknown.") String coveringUnit,
        @Schema(required = true, description = "The desk that takes the call.", example = "POLDA-NTT") String unit,
        @Schema(required = true, description = "Its SIP address (its first phone).", example = "sip:110@polda-ntt.spkt.invalid") String destination,
        @Schema(required = true, description = "All its phones, to ring in parallel; just destination when it has one.")
        List<String> destinations,
        @Schema(required = true) RouteReason reason,
        @Schema(required = true) List<Overflow> overflow,
        @Schema(required = true) Instant decidedAt,
        @Schema(description = "What in the request was ignored or cut, and why.") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    public record RegencyRef(@Schema(required = true, example = "53.21") String code,
            @Schema(required = true, example = "Kabupaten Malaka") String name) {
    }

    /** Ring {@code unit} at {@code destination} if the previous desk has not answered after {@code afterSeconds}. */
    public record Overflow(@Schema(required = true, example = "POLDA-NTT") String unit,
            @Schema(required = true, example = "sip:110@polda-ntt.spkt.invalid") String destination,
            @Schema(required = true, description = "All its phones, to ring in parallel.") List<String> destinations,
            @Schema(required = true, example = "10") int afterSeconds) {
    }
}
