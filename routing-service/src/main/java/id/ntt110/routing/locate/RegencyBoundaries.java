package id.ntt110.routing.locate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.distance.DistanceOp;

/**
 * Regency boundary polygons, indexed for the two questions routing asks of a GPS fix: which regency contains it, and
 * which regency boundary is nearest (for fixes just off a coarse coastline or at sea). Immutable and thread-safe.
 */
public final class RegencyBoundaries {

    private static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4326);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One polygon of a regency. */
    private record Area(String regency, Geometry geometry, PreparedGeometry prepared) {
    }

    /** The nearest regency and how far the fix is from its boundary. */
    public record Nearest(String regency, double km) {
    }

    private final STRtree index = new STRtree();
    private final Set<String> regencies;

    private RegencyBoundaries(List<Area> areas) {
        Set<String> codes = new TreeSet<>();
        for (Area area : areas) {
            index.insert(area.geometry().getEnvelopeInternal(), area);
            codes.add(area.regency());
        }
        index.build();
        this.regencies = Set.copyOf(codes);
    }

    /**
     * Reads a GeoJSON FeatureCollection of Polygon/MultiPolygon features whose property {@code codeProperty} holds a
     * regency code.
     *
     * @param knownRegencies the codes a feature may carry
     * @throws BoundaryFileException naming the file and the feature at fault
     */
    public static RegencyBoundaries load(Path file, String codeProperty, Set<String> knownRegencies) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(file.toString(), in, codeProperty, knownRegencies);
        } catch (IOException e) {
            throw new BoundaryFileException("Boundary file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads boundaries from {@code in}; {@code file} names the source in error messages.
     *
     * @throws BoundaryFileException naming the source and the feature at fault
     */
    public static RegencyBoundaries load(String file, Reader in, String codeProperty, Set<String> knownRegencies) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new BoundaryFileException("Boundary file " + file + " cannot be read as JSON: " + e.getMessage(), e);
        }
        if (root == null || !"FeatureCollection".equals(root.path("type").asText()) || !root.path("features").isArray()) {
            throw new BoundaryFileException("Boundary file " + file + " is not a GeoJSON FeatureCollection");
        }
        GeoJsonReader reader = new GeoJsonReader(GEOMETRY);
        List<Area> areas = new ArrayList<>();
        int number = 0;
        for (JsonNode feature : root.path("features")) {
            String where = "Boundary file " + file + ", feature " + number++;
            JsonNode codeNode = feature.path("properties").path(codeProperty);
            if (!codeNode.isTextual() || !knownRegencies.contains(codeNode.asText())) {
                throw new BoundaryFileException(where + ": property '" + codeProperty + "' is " + codeNode
                        + ", expected the code of a regency of the reference data such as 53.21");
            }
            Geometry geometry;
            try {
                geometry = reader.read(feature.path("geometry").toString());
            } catch (ParseException | RuntimeException e) {
                throw new BoundaryFileException(where + " (" + codeNode.asText() + "): unreadable geometry: " + e.getMessage(), e);
            }
            if (!(geometry instanceof Polygonal) || geometry.isEmpty()) {
                throw new BoundaryFileException(where + " (" + codeNode.asText() + "): geometry is " + geometry.getGeometryType()
                        + ", expected a Polygon or MultiPolygon");
            }
            // Simplified polygons may self-intersect; a repaired copy keeps point-in-polygon answers well defined.
            Geometry valid = geometry.isValid() ? geometry : GeometryFixer.fix(geometry);
            areas.add(new Area(codeNode.asText(), valid, PreparedGeometryFactory.prepare(valid)));
        }
        if (areas.isEmpty()) {
            throw new BoundaryFileException("Boundary file " + file + " holds no features");
        }
        return new RegencyBoundaries(areas);
    }

    /** The regencies that have at least one polygon. */
    public Set<String> regencies() {
        return regencies;
    }

    /**
     * The regency a point lies in, and the others whose polygons also cover it where the boundaries overlap.
     *
     * @param others the other regencies covering the point, in code order; empty where the boundaries do not overlap
     */
    public record Inside(String regency, List<String> others) {
    }

    /**
     * The regency whose polygon contains (or touches) the point. Where polygons of several regencies cover it (the
     * shipped boundaries overlap in places), the one it lies deepest inside — farthest from that polygon's edge — wins,
     * the smaller code on a tie, so the answer never depends on the order the index yields them.
     */
    public Optional<Inside> containing(double lat, double lon) {
        Point point = GEOMETRY.createPoint(new Coordinate(lon, lat));
        Map<String, Double> depth = new TreeMap<>();
        for (Object candidate : index.query(new Envelope(lon, lon, lat, lat))) {
            Area area = (Area) candidate;
            if (area.prepared().covers(point)) {
                double inside = area.geometry().getBoundary().distance(point);
                depth.merge(area.regency(), inside, Math::max);
            }
        }
        if (depth.isEmpty()) {
            return Optional.empty();
        }
        String deepest = null;
        for (Map.Entry<String, Double> entry : depth.entrySet()) {
            if (deepest == null || entry.getValue() > depth.get(deepest)) {
                deepest = entry.getKey();
            }
        }
        String chosen = deepest;
        return Optional.of(new Inside(chosen, depth.keySet().stream().filter(code -> !code.equals(chosen)).toList()));
    }

    /** The regency whose boundary is nearest to the point, if within {@code maxKm}. */
    public Optional<Nearest> nearest(double lat, double lon, double maxKm) {
        Point point = GEOMETRY.createPoint(new Coordinate(lon, lat));
        double dLat = GeoDistance.latDegrees(maxKm);
        double dLon = GeoDistance.lonDegrees(maxKm, lat);
        Nearest best = null;
        for (Object candidate : index.query(new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat))) {
            Area area = (Area) candidate;
            Coordinate onBoundary = DistanceOp.nearestPoints(area.geometry(), point)[0];
            double km = GeoDistance.km(lat, lon, onBoundary.y, onBoundary.x);
            if (km <= maxKm && (best == null || km < best.km())) {
                best = new Nearest(area.regency(), km);
            }
        }
        return Optional.ofNullable(best);
    }
}
