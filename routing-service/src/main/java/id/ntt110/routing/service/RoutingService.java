package id.ntt110.routing.service;

import com.fasterxml.jackson.databind.JsonNode;
import id.ntt110.reference.UnitStatus;
import id.ntt110.routing.RouteReason;
import id.ntt110.routing.config.RoutingConfig;
import id.ntt110.routing.rest.RouteResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides where a 110 call goes: the covering desk when it is LIVE, else Polda NTT, with the reason and an overflow
 * plan. Reads only the in-memory snapshot; recording the decision is handed off without waiting.
 */
@ApplicationScoped
public class RoutingService {

    private static final int MAX_CALL_ID_LENGTH = 100;

    private final DirectoryService directory;
    private final CallLocator locator;
    private final DecisionRecorder recorder;
    private final RoutingConfig config;
    private final Map<RouteReason, Counter> routed = new EnumMap<>(RouteReason.class);

    public RoutingService(DirectoryService directory, CallLocator locator, DecisionRecorder recorder, RoutingConfig config,
            MeterRegistry metrics) {
        this.directory = directory;
        this.locator = locator;
        this.recorder = recorder;
        this.config = config;
        for (RouteReason reason : RouteReason.values()) {
            routed.put(reason, Counter.builder("routing.calls.routed").description("110 calls routed, by reason")
                    .tag("reason", reason.name()).register(metrics));
        }
    }

    /** Routes a request whose fields may all be missing or malformed; {@code request} is a JSON value or null. */
    public RouteResponse route(JsonNode request) {
        return route(request, new ArrayList<>(0));
    }

    /** The same, with {@code warnings} already met reading the call (e.g. its SIP message) heading the response's. */
    public RouteResponse route(JsonNode request, List<String> warnings) {
        if (request == null || request.isMissingNode() || request.isNull()) {
            warnings.add("body: empty; routed to Polda");
            request = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        } else if (!request.isObject()) {
            warnings.add("body: must be a JSON object {callId, caller, location, cell, regency}");
            request = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        DirectorySnapshot snapshot = directory.snapshot();
        String callId = callId(request, warnings);
        String caller = callerForRecord(request, warnings);
        CallLocator.Location location = locator.locate(request, snapshot, warnings);

        DirectorySnapshot.Desk polda = snapshot.desk(DirectoryService.POLDA).orElseThrow();
        DirectorySnapshot.Desk covering = location.coveringUnit() == null ? null
                : snapshot.desk(location.coveringUnit().code()).orElse(null);
        DirectorySnapshot.Desk chosen;
        RouteReason reason;
        if (covering == null) {
            chosen = polda;
            reason = location.outsideArea() ? RouteReason.OUTSIDE_AREA : RouteReason.UNKNOWN_LOCATION;
        } else if (covering.status() == UnitStatus.LIVE) {
            chosen = covering;
            reason = RouteReason.DIRECT;
        } else {
            chosen = polda;
            reason = covering.status() == UnitStatus.PENDING ? RouteReason.COVERING_UNIT_NOT_LIVE
                    : RouteReason.COVERING_UNIT_SUSPENDED;
        }
        List<RouteResponse.Overflow> overflow = chosen == polda ? List.of()
                : List.of(new RouteResponse.Overflow(polda.code(), polda.destination(), polda.destinations(),
                        config.ringNoAnswerSeconds()));
        RouteResponse response = new RouteResponse(callId,
                location.regency() == null ? null
                        : new RouteResponse.RegencyRef(location.regency().code(), location.regency().name()),
                location.locatedBy(), covering == null ? null : covering.code(), chosen.code(), chosen.destination(),
                chosen.destinations(), reason, overflow, Instant.now(), warnings);
        routed.get(reason).increment();
        recorder.record(response, caller, location.fix());
        return response;
    }

    /**
     * The caller as the decision records it: without control characters (a NUL is refused by PostgreSQL) or lone
     * surrogates, and no longer than any number can be. The network sends what it sends; the call is routed anyway.
     */
    public static String callerForRecord(JsonNode request, List<String> warnings) {
        String caller = CallLocator.text(request, "caller", new ArrayList<>());
        if (caller == null) {
            return null;
        }
        // Code points: a lone surrogate comes out as one (0xD800–0xDFFF), a valid pair as the character it encodes.
        StringBuilder clean = caller.codePoints().filter(c -> !Character.isISOControl(c) && !(c >= 0xD800 && c <= 0xDFFF))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
        if (clean.length() < caller.length()) {
            warnings.add("caller: control characters removed");
        }
        if (clean.length() > MAX_CALLER_LENGTH) {
            warnings.add("caller: longer than " + MAX_CALLER_LENGTH + " characters, cut");
            clean.setLength(Character.isHighSurrogate(clean.charAt(MAX_CALLER_LENGTH - 1)) ? MAX_CALLER_LENGTH - 1 : MAX_CALLER_LENGTH);
        }
        String result = clean.toString().strip();
        return result.isEmpty() ? null : result;
    }

    /** Longer than any telephone number in any written form (E.164 has at most 15 digits). */
    static final int MAX_CALLER_LENGTH = 64;

    private static String callId(JsonNode request, List<String> warnings) {
        String callId = CallLocator.text(request, "callId", warnings);
        if (callId != null && (callId.length() > MAX_CALL_ID_LENGTH || !callId.chars().allMatch(c -> c > 32 && c < 127))) {
            warnings.add("callId: must be at most " + MAX_CALL_ID_LENGTH + " printable ASCII characters; a new one was given");
            callId = null;
        }
        if (callId != null) {
            return callId;
        }
        // Unique, not secret: ThreadLocalRandom avoids UUID.randomUUID()'s SecureRandom on the call path.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & ~(3L << 62)) | (1L << 63)).toString();
    }
}
