package id.ntt110.routing.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A boundary file is checked when the service starts; each fault is named with the file and feature. */
class RegencyBoundariesTest {

    private static final Set<String> KNOWN = Set.of("53.05", "53.21");
    private static final String SQUARE = "{\"type\": \"Polygon\", \"coordinates\": [[[124, -8.5], [125, -8.5], [125, -8], [124, -8], [124, -8.5]]]}";

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("boundaries.geojson"), content);
    }

    private static String collection(String... features) {
        return "{\"type\": \"FeatureCollection\", \"features\": [" + String.join(",", features) + "]}";
    }

    private static String feature(String properties, String geometry) {
        return "{\"type\": \"Feature\", \"properties\": " + properties + ", \"geometry\": " + geometry + "}";
    }

    @Test
    void aValidFileAnswersContainmentAndNearness() throws IOException {
        RegencyBoundaries boundaries = RegencyBoundaries.load(file(collection(feature("{\"kode\": \"53.05\"}", SQUARE))), "kode", KNOWN);

        assertThat(boundaries.regencies()).containsExactly("53.05");
        assertThat(boundaries.containing(-8.25, 124.5).map(RegencyBoundaries.Inside::regency)).contains("53.05");
        assertThat(boundaries.containing(-9.0, 124.5)).isEmpty();
        assertThat(boundaries.nearest(-7.91, 124.5, 25)).hasValueSatisfying(n -> {
            assertThat(n.regency()).isEqualTo("53.05");
            assertThat(n.km()).isBetween(9.0, 11.0);
        });
        assertThat(boundaries.nearest(-7.5, 124.5, 25)).isEmpty();
    }

    @Test
    void aCustomCodePropertyIsHonoured() throws IOException {
        RegencyBoundaries boundaries = RegencyBoundaries.load(file(collection(feature("{\"code\": \"53.05\"}", SQUARE))), "code", KNOWN);
        assertThat(boundaries.containing(-8.25, 124.5).map(RegencyBoundaries.Inside::regency)).contains("53.05");
    }

    @Test
    void aFileThatIsNotJsonIsRefused() throws IOException {
        Path file = file("not json at all");
        assertThatThrownBy(() -> RegencyBoundaries.load(file, "kode", KNOWN)).isInstanceOf(BoundaryFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("cannot be read as JSON");
    }

    @Test
    void aMissingFileIsRefused() {
        assertThatThrownBy(() -> RegencyBoundaries.load(dir.resolve("absent.geojson"), "kode", KNOWN))
                .isInstanceOf(BoundaryFileException.class).hasMessageContaining("absent.geojson");
    }

    @Test
    void jsonThatIsNotAFeatureCollectionIsRefused() throws IOException {
        Path file = file(SQUARE);
        assertThatThrownBy(() -> RegencyBoundaries.load(file, "kode", KNOWN)).hasMessageContaining("not a GeoJSON FeatureCollection");
    }

    @Test
    void anUnknownOrMissingRegencyCodeNamesTheFeature() throws IOException {
        Path unknown = file(collection(feature("{\"kode\": \"53.05\"}", SQUARE), feature("{\"kode\": \"5321\"}", SQUARE)));
        assertThatThrownBy(() -> RegencyBoundaries.load(unknown, "kode", KNOWN))
                .hasMessageContaining("feature 1").hasMessageContaining("\"5321\"");
        Path missing = file(collection(feature("{\"nama\": \"Alor\"}", SQUARE)));
        assertThatThrownBy(() -> RegencyBoundaries.load(missing, "kode", KNOWN)).hasMessageContaining("feature 0")
                .hasMessageContaining("property 'kode'");
    }

    @Test
    void aGeometryThatIsNotAPolygonIsRefused() throws IOException {
        Path file = file(collection(feature("{\"kode\": \"53.05\"}", "{\"type\": \"Point\", \"coordinates\": [124.5, -8.2]}")));
        assertThatThrownBy(() -> RegencyBoundaries.load(file, "kode", KNOWN)).hasMessageContaining("Point")
                .hasMessageContaining("expected a Polygon or MultiPolygon");
    }

    @Test
    void anEmptyCollectionIsRefused() throws IOException {
        Path file = file(collection());
        assertThatThrownBy(() -> RegencyBoundaries.load(file, "kode", KNOWN)).hasMessageContaining("holds no features");
    }

    /**
     * Issue 19: where two regencies' polygons overlap, the first polygon the index yielded won. The point lies deep in
     * 53.05's square and just inside the edge of 53.21's, whichever order the file lists them in.
     */
    @Test
    void whereBoundariesOverlapTheRegencyThePointIsDeepestInsideWinsWhateverTheOrder() throws IOException {
        String overlapping = "{\"type\": \"Polygon\", \"coordinates\": [[[124.9, -8.5], [126, -8.5], [126, -8], [124.9, -8], [124.9, -8.5]]]}";
        String a = feature("{\"kode\": \"53.05\"}", SQUARE);
        String b = feature("{\"kode\": \"53.21\"}", overlapping);
        for (String file : new String[] {collection(a, b), collection(b, a)}) {
            RegencyBoundaries boundaries = RegencyBoundaries.load(file(file), "kode", KNOWN);
            assertThat(boundaries.containing(-8.25, 124.93)).contains(new RegencyBoundaries.Inside("53.05", java.util.List.of("53.21")));
            assertThat(boundaries.containing(-8.25, 124.99)).contains(new RegencyBoundaries.Inside("53.21", java.util.List.of("53.05")));
            assertThat(boundaries.containing(-8.25, 124.5)).contains(new RegencyBoundaries.Inside("53.05", java.util.List.of()));
        }
    }
}
