package id.ntt110.routing.sip;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The position in a PIDF-LO (RFC 4119, shapes of RFC 5491): a {@code gml:Point}, or a {@code gs:Circle} whose centre
 * is the position and whose radius its accuracy. Coordinates are "latitude longitude" (WGS 84, EPSG 4326 or 4979).
 */
final class PidfLo {

    static final String GML = "http://www.opengis.net/gml";
    static final String GEOSHAPE = "http://www.opengis.net/pidflo/1.0";
    private static final String METRES = "urn:ogc:def:uom:EPSG::9001";
    /** A PIDF-LO is a few kilobytes; anything far larger is not a location. */
    static final int MAX_SIZE = 65_536;

    record Position(double lat, double lon, Double accuracyMeters) {
    }

    private PidfLo() {
    }

    static Optional<Position> position(String xml, List<String> warnings) {
        if (xml.length() > MAX_SIZE) {
            warnings.add("Geolocation: the PIDF-LO is larger than " + MAX_SIZE + " characters; not read");
            return Optional.empty();
        }
        Document document;
        try {
            document = PARSER.get().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            warnings.add("Geolocation: the PIDF-LO is not well-formed XML (" + SipInvite.abbreviate(String.valueOf(e.getMessage())) + ")");
            return Optional.empty();
        }
        Element shape = first(document, GML, "Point");
        Element circle = first(document, GEOSHAPE, "Circle");
        if (circle != null && (shape == null || precedes(circle, shape))) {
            shape = circle;
        }
        if (shape == null) {
            warnings.add("Geolocation: the PIDF-LO has no gml:Point or gs:Circle");
            return Optional.empty();
        }
        String srs = shape.getAttribute("srsName");
        if (!srs.isEmpty() && !srs.endsWith("::4326") && !srs.endsWith("::4979")) {
            warnings.add("Geolocation: coordinate system " + SipInvite.abbreviate(srs) + " is not WGS 84 (EPSG 4326/4979); ignored");
            return Optional.empty();
        }
        Element pos = firstChild(shape, GML, "pos");
        if (pos == null) {
            warnings.add("Geolocation: the " + shape.getLocalName() + " has no gml:pos");
            return Optional.empty();
        }
        String[] numbers = pos.getTextContent().strip().split("\\s+");
        double lat;
        double lon;
        try {
            if (numbers.length < 2) {
                throw new NumberFormatException();
            }
            lat = Double.parseDouble(numbers[0]);
            lon = Double.parseDouble(numbers[1]);
        } catch (NumberFormatException e) {
            warnings.add("Geolocation: gml:pos '" + SipInvite.abbreviate(pos.getTextContent().strip()) + "' is not \"lat lon\"");
            return Optional.empty();
        }
        Double accuracy = null;
        if (shape == circle) {
            Element radius = firstChild(shape, GEOSHAPE, "radius");
            accuracy = radius == null ? null : metres(radius, warnings);
        }
        // Range checks are routing's own (location.lat, location.lon), with their warnings.
        return Optional.of(new Position(lat, lon, accuracy));
    }

    private static Double metres(Element radius, List<String> warnings) {
        String uom = radius.getAttribute("uom");
        try {
            double value = Double.parseDouble(radius.getTextContent().strip());
            if (!uom.isEmpty() && !uom.equals(METRES)) {
                warnings.add("Geolocation: radius in " + SipInvite.abbreviate(uom) + ", not metres; accuracy unknown");
                return null;
            }
            return Double.isFinite(value) && value >= 0 ? value : null;
        } catch (NumberFormatException e) {
            warnings.add("Geolocation: radius '" + SipInvite.abbreviate(radius.getTextContent().strip()) + "' is not a number");
            return null;
        }
    }

    private static boolean precedes(Node a, Node b) {
        return (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) != 0;
    }

    private static Element first(Document document, String namespace, String name) {
        NodeList found = document.getElementsByTagNameNS(namespace, name);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    private static Element firstChild(Element parent, String namespace, String name) {
        NodeList found = parent.getElementsByTagNameNS(namespace, name);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    /**
     * One parser per thread, made once: the factory's lookup and set-up are not repeated on the call path, and a
     * DocumentBuilder is not thread-safe.
     */
    /** Errors are thrown, not printed to stderr. */
    private static final DefaultHandler SILENT = new DefaultHandler();

    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(PidfLo::newParser);

    /** No DTD, no external entity, no XInclude: the body comes from the network. */
    private static DocumentBuilder newParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
