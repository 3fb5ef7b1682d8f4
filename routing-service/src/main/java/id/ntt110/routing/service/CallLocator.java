package id.ntt110.routing.service;

import com.fasterxml.jackson.databind.JsonNode;
import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.Regency;
import id.ntt110.reference.Unit;
import id.ntt110.routing.LocatedBy;
import id.ntt110.routing.config.RoutingConfig;
import id.ntt110.routing.locate.BoundaryFileException;
import id.ntt110.routing.locate.GeoDistance;
import id.ntt110.routing.locate.NumberPrefixTable;
import id.ntt110.routing.locate.NumberPrefixTable.CallerNumber;
import id.ntt110.routing.locate.RegencyBoundaries;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Places a caller in a regency from whatever the request carries, most precise source first: GPS, cell, the regency the
 * trunk declares, the landline prefix. A malformed part is skipped with a warning, never an error. Pure CPU over
 * in-memory data: no database and no remote call. Created at start, so that a bad boundary file stops the service there.
 */
@Startup
@ApplicationScoped
public class CallLocator {

    private final ReferenceData reference;
    private final RoutingConfig config;
    private final Optional<RegencyBoundaries> boundaries;

    public CallLocator(ReferenceData reference, RoutingConfig config) {
        this.reference = reference;
        this.config = config;
        this.boundaries = loadBoundaries(reference, config);
    }

    private static Optional<RegencyBoundaries> loadBoundaries(ReferenceData reference, RoutingConfig config) {
        Set<String> known = reference.regencies().stream().map(Regency::code).collect(Collectors.toSet());
        String configured = config.boundariesFile().map(String::strip).orElse("");
        RegencyBoundaries loaded;
        String source;
        if (RoutingConfig.NO_BOUNDARIES.equalsIgnoreCase(configured)) {
            Log.info("routing.boundaries-file=none: GPS fixes route to the nearest regency capital");
            return Optional.empty();
        } else if (configured.isEmpty()) {
            source = "the reference data (" + ReferenceData.BOUNDARIES_RESOURCE + ")";
            try (Reader in = new InputStreamReader(ReferenceData.openBundledBoundaries(), StandardCharsets.UTF_8)) {
                loaded = RegencyBoundaries.load(ReferenceData.BOUNDARIES_RESOURCE, in, config.boundaryCodeProperty(), known);
            } catch (IOException e) {
                throw new BoundaryFileException("Bundled boundaries " + ReferenceData.BOUNDARIES_RESOURCE + " cannot be read: "
                        + e.getMessage(), e);
            }
        } else {
            source = configured;
            loaded = RegencyBoundaries.load(Path.of(configured), config.boundaryCodeProperty(), known);
        }
        Set<String> missing = known.stream().filter(code -> !loaded.regencies().contains(code)).collect(Collectors.toSet());
        if (!missing.isEmpty()) {
            Log.warnf("Boundaries from %s have no polygon for regencies %s; GPS fixes there route to the nearest one", source, missing);
        }
        Log.infof("Loaded boundaries of %d regencies from %s", loaded.regencies().size(), source);
        return Optional.of(loaded);
    }

    public boolean hasBoundaries() {
        return boundaries.isPresent();
    }

    /** Where the caller is, as far as the request tells; problems met on the way are added to the caller's warnings. */
    public record Location(Regency regency, Unit coveringUnit, LocatedBy locatedBy, boolean outsideArea, Fix fix) {
        Location withFix(Fix fix) {
            return new Location(regency, coveringUnit, locatedBy, outsideArea, fix);
        }
    }

    /** A position the request gave in range, whether or not it placed the caller; accuracy may be null. */
    public record Fix(double lat, double lon, Double accuracyMeters) {
    }

    /** The fields of a route request; any may be absent or malformed. */
    public Location locate(JsonNode request, DirectorySnapshot snapshot, List<String> warnings) {
        boolean outside = false;
        Fix fix = null;
        JsonNode location = request.get("location");
        if (location != null && !location.isNull()) {
            GpsResult gps = gps(location, warnings);
            fix = gps.fix;
            if (gps.regency != null) {
                return found(gps.regency, gps.locatedBy).withFix(fix);
            }
            outside = gps.outside;
        }
        return byOtherMeans(request, snapshot, warnings, outside).withFix(fix);
    }

    private Location byOtherMeans(JsonNode request, DirectorySnapshot snapshot, List<String> warnings, boolean outside) {
        String cell = text(request, "cell", warnings);
        if (cell != null) {
            String regency = snapshot.cellRegency(cell).orElse(null);
            if (regency != null && reference.regency(regency).isPresent()) {
                return found(regency, LocatedBy.CELL);
            }
            warnings.add("cell: '" + abbreviate(cell) + "' is not in the cell table");
        }
        String declared = text(request, "regency", warnings);
        if (declared != null) {
            if (reference.regency(declared).isPresent()) {
                return found(declared, LocatedBy.DECLARED);
            }
            warnings.add("regency: '" + abbreviate(declared) + "' is not a regency of NTT (Kemendagri code such as 53.21)");
        }
        String caller = text(request, "caller", warnings);
        if (caller != null) {
            Optional<Location> byNumber = byNumber(caller, snapshot.prefixes(), warnings);
            if (byNumber.isPresent()) {
                return byNumber.get();
            }
        }
        return new Location(null, null, LocatedBy.NONE, outside, null);
    }

    private record GpsResult(String regency, LocatedBy locatedBy, boolean outside, Fix fix) {
    }

    private GpsResult gps(JsonNode location, List<String> warnings) {
        if (!location.isObject()) {
            warnings.add("location: must be an object {lat, lon, accuracyMeters}");
            return new GpsResult(null, null, false, null);
        }
        JsonNode latNode = location.get("lat");
        JsonNode lonNode = location.get("lon");
        if (latNode == null || lonNode == null || !latNode.isNumber() || !lonNode.isNumber()) {
            warnings.add("location: lat and lon must both be numbers");
            return new GpsResult(null, null, false, null);
        }
        double lat = latNode.asDouble();
        double lon = lonNode.asDouble();
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            warnings.add("location.lat: " + latNode + " is out of range (-90 to 90)");
            return new GpsResult(null, null, false, null);
        }
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            warnings.add("location.lon: " + lonNode + " is out of range (-180 to 180)");
            return new GpsResult(null, null, false, null);
        }
        JsonNode accuracyNode = location.get("accuracyMeters");
        Fix fix = new Fix(lat, lon, accuracyNode != null && accuracyNode.isNumber() && Double.isFinite(accuracyNode.asDouble())
                && accuracyNode.asDouble() >= 0 ? accuracyNode.asDouble() : null);
        if (boundaries.isPresent()) {
            Optional<RegencyBoundaries.Inside> inside = boundaries.get().containing(lat, lon);
            if (inside.isPresent()) {
                if (!inside.get().others().isEmpty()) {
                    warnings.add(String.format(Locale.ROOT, "location: %.5f, %.5f lies where the boundaries of %s and %s "
                            + "overlap; taken as %s, the one it is deepest inside", lat, lon, inside.get().regency(),
                            String.join(", ", inside.get().others()), inside.get().regency()));
                }
                return new GpsResult(inside.get().regency(), LocatedBy.GPS, false, fix);
            }
            Optional<RegencyBoundaries.Nearest> near = boundaries.get().nearest(lat, lon, config.maxOffshoreKm());
            if (near.isPresent()) {
                return new GpsResult(near.get().regency(), LocatedBy.GPS_NEAREST, false, fix);
            }
            warnings.add(String.format(Locale.ROOT, "location: %.5f, %.5f is more than %.0f km from every regency of NTT",
                    lat, lon, config.maxOffshoreKm()));
            return new GpsResult(null, null, true, fix);
        }
        Regency nearest = null;
        double best = Double.MAX_VALUE;
        for (Regency regency : reference.regencies()) {
            double km = GeoDistance.km(lat, lon, regency.capitalLocation().lat(), regency.capitalLocation().lon());
            if (km < best) {
                best = km;
                nearest = regency;
            }
        }
        if (nearest != null && best <= config.maxCapitalDistanceKm()) {
            return new GpsResult(nearest.code(), LocatedBy.GPS_NEAREST, false, fix);
        }
        warnings.add(String.format(Locale.ROOT, "location: %.5f, %.5f is more than %.0f km from every regency capital of NTT",
                lat, lon, config.maxCapitalDistanceKm()));
        return new GpsResult(null, null, true, fix);
    }

    private Optional<Location> byNumber(String caller, NumberPrefixTable prefixes, List<String> warnings) {
        CallerNumber number = CallerNumber.parse(caller);
        if (number.problem() != null) {
            warnings.add("caller: '" + abbreviate(caller) + "' " + number.problem());
            return Optional.empty();
        }
        if (number.isMobile()) {
            return Optional.empty(); // a mobile number says nothing about where the caller is
        }
        Optional<NumberPrefixTable.Match> match = prefixes.match(number.national());
        if (match.isEmpty()) {
            warnings.add("caller: no known area code for " + number.national());
            return Optional.empty();
        }
        List<String> regencies = match.get().regencies();
        Set<String> desks = regencies.stream().map(code -> reference.coveringUnit(code).map(Unit::code).orElse("?"))
                .collect(Collectors.toSet());
        if (desks.size() > 1) {
            warnings.add("caller: prefix " + match.get().prefix() + " serves regencies " + regencies
                    + " of different desks; location ambiguous");
            return Optional.of(new Location(null, null, LocatedBy.NONE, false, null));
        }
        Unit covering = reference.coveringUnit(regencies.get(0)).orElseThrow();
        Regency regency = regencies.size() == 1 ? reference.regency(regencies.get(0)).orElseThrow() : null;
        return Optional.of(new Location(regency, covering, LocatedBy.NUMBER_PREFIX, false, null));
    }

    private Location found(String regencyCode, LocatedBy by) {
        Regency regency = reference.regency(regencyCode).orElseThrow();
        return new Location(regency, reference.coveringUnit(regencyCode).orElseThrow(), by, false, null);
    }

    /** A text field, or null when absent/blank; a non-text value is warned about and ignored. */
    static String text(JsonNode request, String field, List<String> warnings) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            warnings.add(field + ": must be a string");
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
