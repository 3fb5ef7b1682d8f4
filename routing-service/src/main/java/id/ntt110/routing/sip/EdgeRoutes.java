package id.ntt110.routing.sip;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.ntt110.routing.config.RoutingConfig;
import id.ntt110.routing.rest.RouteResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A routing decision as the SIP edge's rtjson module reads it (Kamailio's rtjson, "JSON Routing Structure"): serial
 * routes, the chosen desk first, then its overflow, ending at Polda; each with its ring timers and the headers that
 * give the operator the call's context. Fields rtjson does not know ({@code unit}, {@code afterSeconds},
 * {@code callId}, …) are read by the edge's own configuration (jansson) for its legs and metrics.
 */
@ApplicationScoped
public class EdgeRoutes {

    /** The header that carries the call's id to the desk (and on every leg). */
    public static final String CALL_ID_HEADER = "X-NTT110-Call-Id";

    private final RoutingConfig config;

    public EdgeRoutes(RoutingConfig config) {
        this.config = config;
    }

    public ObjectNode document(RouteResponse decision, String caller) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("version", "1.0");
        document.put("routing", "serial");
        document.put("callId", decision.callId());
        document.put("unit", decision.unit());
        document.put("reason", decision.reason().name());
        document.put("locatedBy", decision.locatedBy().name());
        document.put("regency", decision.regency() == null ? null : decision.regency().code());
        // The edge puts the caller on each leg it reports to stats-service, as routing read it from the INVITE.
        document.put("caller", caller);
        String extra = CALL_ID_HEADER + ": " + decision.callId() + "\r\n"
                + "Call-Info: <" + deskUrl(decision, caller) + ">;purpose=info\r\n";

        record Step(String unit, List<String> phones, int ringSeconds) {
        }
        List<Step> steps = new ArrayList<>();
        // Each desk rings for the time before the next one takes over; the last (Polda) for its own maximum.
        List<RouteResponse.Overflow> overflow = decision.overflow();
        steps.add(new Step(decision.unit(), decision.destinations(),
                overflow.isEmpty() ? config.sip().lastDeskRingSeconds() : overflow.get(0).afterSeconds()));
        for (int i = 0; i < overflow.size(); i++) {
            steps.add(new Step(overflow.get(i).unit(), overflow.get(i).destinations(),
                    i + 1 < overflow.size() ? overflow.get(i + 1).afterSeconds() : config.sip().lastDeskRingSeconds()));
        }
        List<String> warnings = new ArrayList<>(decision.warnings() == null ? List.of() : decision.warnings());
        ArrayNode routes = document.putArray("routes");
        for (Step step : steps) {
            List<String> phones = new ArrayList<>();
            for (String phone : step.phones()) {
                if (isSipUri(phone)) {
                    phones.add(phone);
                } else {
                    warnings.add("destination of " + step.unit() + " is not a SIP URI (" + SipInvite.abbreviate(phone)
                            + "); the edge cannot ring it, so it is left out");
                }
            }
            if (phones.isEmpty()) {
                continue;
            }
            ObjectNode route = routes.addObject();
            route.put("uri", phones.getFirst());
            // The desk's other phones: the edge forks to them with the first, and the first to answer takes the call.
            // Always there, empty for one phone: the edge's jansson logs an error for every path it does not find.
            ArrayNode also = route.putArray("alsoRing");
            phones.subList(1, phones.size()).forEach(also::add);
            route.put("unit", step.unit());
            route.put("afterSeconds", step.ringSeconds());
            route.putObject("headers").put("extra", extra);
            route.put("fr_timer", config.sip().noReplyMillis());
            route.put("fr_inv_timer", step.ringSeconds() * 1000);
        }
        if (!warnings.isEmpty()) {
            ArrayNode list = document.putArray("warnings");
            warnings.forEach(list::add);
        }
        return document;
    }

    /** The console's desk screen, prefilled with what the operator needs first. */
    String deskUrl(RouteResponse decision, String caller) {
        StringBuilder url = new StringBuilder(config.sip().deskUrl());
        url.append(url.indexOf("?") < 0 ? '?' : '&').append("callId=").append(encode(decision.callId()));
        if (caller != null) {
            url.append("&caller=").append(encode(caller));
        }
        if (decision.regency() != null) {
            url.append("&regency=").append(encode(decision.regency().code()));
        }
        return url.toString();
    }

    /** A sip: or sips: URI with no character that could end a header or the Request-URI. */
    static boolean isSipUri(String destination) {
        String lower = destination == null ? "" : destination.toLowerCase(Locale.ROOT);
        return (lower.startsWith("sip:") || lower.startsWith("sips:")) && destination.chars().allMatch(c -> c > 32 && c < 127);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
