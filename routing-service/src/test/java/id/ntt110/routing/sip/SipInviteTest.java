package id.ntt110.routing.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What routing reads from an INVITE as the network sends it — and that nothing it sends makes the reading fail. */
class SipInviteTest {

    static final String PIDF_CIRCLE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"
                xmlns:gml="http://www.opengis.net/gml" xmlns:gs="http://www.opengis.net/pidflo/1.0" entity="pres:x@y">
             <tuple id="t"><status><gp:geopriv><gp:location-info>
              <gs:Circle srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>-9.1066 124.8925</gml:pos>
               <gs:radius uom="urn:ogc:def:uom:EPSG::9001">35</gs:radius></gs:Circle>
             </gp:location-info></gp:geopriv></status></tuple></presence>""";

    static String invite(String headers, String body) {
        return "INVITE sip:110@edge.invalid SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1\r\n" + headers
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static String withLocation(String pidf) {
        String body = "--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b1\r\nContent-Type: application/pidf+xml\r\n"
                + "Content-ID: <loc1@trunk>\r\n\r\n" + pidf + "\r\n--b1--\r\n";
        return invite("Call-ID: abc-1@trunk\r\nFrom: <sip:0380111222@trunk>;tag=1\r\nGeolocation: <cid:loc1@trunk>\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n", body);
    }

    @Test
    void aCircleGivesItsCentreAsThePositionAndItsRadiusAsTheAccuracy() {
        List<String> warnings = new ArrayList<>();
        ObjectNode request = SipInvite.parse(withLocation(PIDF_CIRCLE), warnings).toRouteRequest(null);
        assertThat(request.at("/location/lat").asDouble()).isEqualTo(-9.1066);
        assertThat(request.at("/location/lon").asDouble()).isEqualTo(124.8925);
        assertThat(request.at("/location/accuracyMeters").asDouble()).isEqualTo(35.0);
        assertThat(request.get("callId").asText()).isEqualTo("abc-1@trunk");
        assertThat(request.get("caller").asText()).isEqualTo("0380111222");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aPointGivesAPositionWithoutAccuracy() {
        List<String> warnings = new ArrayList<>();
        String point = "<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:gml='http://www.opengis.net/gml'>"
                + "<gml:Point srsName='urn:ogc:def:crs:EPSG::4326'><gml:pos>-10.17 123.6</gml:pos></gml:Point></presence>";
        ObjectNode request = SipInvite.parse(withLocation(point), warnings).toRouteRequest(null);
        assertThat(request.at("/location/lat").asDouble()).isEqualTo(-10.17);
        assertThat(request.at("/location/lon").asDouble()).isEqualTo(123.6);
        assertThat(request.at("/location").has("accuracyMeters")).isFalse();
    }

    @Test
    void theAssertedTelIdentityWinsOverASipOneAndOverFrom() {
        List<String> warnings = new ArrayList<>();
        ObjectNode request = SipInvite.parse(invite("i: x@y\r\nf: \"Someone\" <sip:anonymous@anonymous.invalid>;tag=9\r\n"
                + "P-Asserted-Identity: <sip:+6281200000001@carrier;user=phone>, <tel:+62-812-3456-7890;phone-context=+62>\r\n", ""),
                warnings).toRouteRequest(null);
        assertThat(request.get("caller").asText()).isEqualTo("+6281234567890");
        assertThat(request.get("callId").asText()).isEqualTo("x@y");
    }

    @Test
    void withoutAssertedIdentityTheUserOfFromIsTheCaller() {
        List<String> warnings = new ArrayList<>();
        ObjectNode request = SipInvite.parse(invite("Call-ID: 1\r\nFrom: sip:%2B6281311112222@carrier;tag=1\r\n", ""), warnings)
                .toRouteRequest(null);
        assertThat(request.get("caller").asText()).isEqualTo("+6281311112222");
    }

    @Test
    void theCellIsTheUtranCellIdUpperCased() {
        List<String> warnings = new ArrayList<>();
        ObjectNode request = SipInvite.parse(invite("Call-ID: 1\r\nFrom: <sip:1@x>\r\n"
                + "P-Access-Network-Info: 3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=51010a1b2c3d4e5;network-provided\r\n", ""), warnings)
                .toRouteRequest("53.04");
        assertThat(request.get("cell").asText()).isEqualTo("51010A1B2C3D4E5");
        assertThat(request.get("regency").asText()).isEqualTo("53.04");
    }

    @Test
    void headersFoldedOverSeveralLinesAreRead() {
        List<String> warnings = new ArrayList<>();
        ObjectNode request = SipInvite.parse(invite("Call-ID: 1\r\nFrom: \"Caller\"\r\n <sip:0380999888@x>;tag=1\r\n", ""), warnings)
                .toRouteRequest(null);
        assertThat(request.get("caller").asText()).isEqualTo("0380999888");
    }

    @Test
    void brokenLocationsAreIgnoredWithAWarningAndTheRestIsStillRead() {
        for (String broken : List.of("<presence><unclosed>", "not xml at all", "",
                "<presence xmlns:gml='http://www.opengis.net/gml'><gml:Point><gml:pos>north south</gml:pos></gml:Point></presence>",
                "<presence xmlns:gml='http://www.opengis.net/gml'><gml:Point><gml:pos>-9.1</gml:pos></gml:Point></presence>",
                "<presence xmlns:gml='http://www.opengis.net/gml'><gml:Point srsName='urn:ogc:def:crs:EPSG::3857'>"
                        + "<gml:pos>1 2</gml:pos></gml:Point></presence>",
                "<presence/>")) {
            List<String> warnings = new ArrayList<>();
            ObjectNode request = SipInvite.parse(withLocation(broken), warnings).toRouteRequest(null);
            assertThat(request.has("location")).as(broken).isFalse();
            assertThat(request.get("caller").asText()).isEqualTo("0380111222");
            assertThat(warnings).as(broken).anyMatch(w -> w.startsWith("Geolocation:"));
        }
    }

    @Test
    void anExternalEntityInTheLocationIsNeverResolved() {
        List<String> warnings = new ArrayList<>();
        String xxe = "<?xml version='1.0'?><!DOCTYPE p [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                + "<presence xmlns:gml='http://www.opengis.net/gml'><gml:Point><gml:pos>&e;</gml:pos></gml:Point></presence>";
        ObjectNode request = SipInvite.parse(withLocation(xxe), warnings).toRouteRequest(null);
        assertThat(request.has("location")).isFalse();
        assertThat(warnings).anyMatch(w -> w.contains("not well-formed") && w.contains("DOCTYPE"));
    }

    @Test
    void aLocationByReferenceIsNotFetched() {
        List<String> warnings = new ArrayList<>();
        SipInvite.parse(invite("Call-ID: 1\r\nFrom: <sip:1@x>\r\nGeolocation: <https://lis.invalid/loc/1>\r\n", ""), warnings)
                .toRouteRequest(null);
        assertThat(warnings).anyMatch(w -> w.contains("was not fetched"));
    }

    @Test
    void nothingTheNetworkSendsStopsTheReading() {
        String[] messages = {null, "", "garbage", "\r\n\r\n", "INVITE sip:110@x SIP/2.0\r\n:\r\n: :\r\n\r\n",
                "INVITE sip:110@x SIP/2.0\r\nFrom: " + "<".repeat(100_000) + "\r\n\r\n",
                "INVITE sip:110@x SIP/2.0\r\nContent-Type: multipart/mixed;boundary=\r\nGeolocation: <cid:>\r\n\r\n--",
                "INVITE sip:110@x SIP/2.0\r\nContent-Type: multipart/mixed;boundary=z\r\nGeolocation: <cid:a>\r\n\r\n--z\r\n--z\r\n--z",
                "INVITE sip:110@x SIP/2.0\r\nP-Asserted-Identity: <tel:>, <sip:@>, ,,\r\nFrom: <sip:%ZZ%@x>\r\n\r\n",
                "INVITE sip:110@x SIP/2.0\r\n" + "X-A: b\r\n".repeat(5_000) + "\r\n",
                "INVITE sip:110@x SIP/2.0\r\nP-Access-Network-Info: ;;=;utran-cell-id-3gpp;utran-cell-id-3gpp=\"\"\r\n\r\n"};
        for (String message : messages) {
            List<String> warnings = new ArrayList<>();
            ObjectNode request = SipInvite.parse(message, warnings).toRouteRequest(null);
            assertThat(request).isNotNull();
            assertThat(warnings).isNotEmpty();
        }
    }
}
