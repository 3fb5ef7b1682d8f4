package id.ntt110.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceDataTest {

    private static final List<String> PENDING_JULY_2021 = List.of("POLRES-MALAKA", "POLRES-SABU-RAIJUA",
            "POLRES-NAGEKEO", "POLRES-MANGGARAI-TIMUR", "POLRES-SUMBA-BARAT-DAYA");

    @TempDir
    Path dir;

    @Test
    void bundledDataHoldsPoldaAndItsTwentyOnePolres() {
        ReferenceData data = ReferenceData.loadBundled();

        assertThat(data.units()).hasSize(22);
        assertThat(data.polda().code()).isEqualTo("POLDA-NTT");
        assertThat(data.units()).filteredOn(u -> u.kind() == UnitKind.POLDA).hasSize(1);
        assertThat(data.units()).filteredOn(u -> u.kind() != UnitKind.POLDA).hasSize(21);
        assertThat(data.unit("POLRESTA-KUPANG-KOTA")).get().extracting(Unit::kind).isEqualTo(UnitKind.POLRESTA);
    }

    @Test
    void bundledDataHoldsTheTwentyTwoRegenciesEachCoveredOnce() {
        ReferenceData data = ReferenceData.loadBundled();

        assertThat(data.regencies()).hasSize(22);
        for (Regency regency : data.regencies()) {
            long covering = data.units().stream().filter(u -> u.regencies().contains(regency.code())).count();
            assertThat(covering).as("units covering %s", regency.code()).isEqualTo(1);
            assertThat(data.coveringUnit(regency.code())).get().extracting(Unit::code).isEqualTo(regency.coveringUnit());
        }
    }

    @Test
    void sumbaTengahIsCoveredByPolresSumbaBarat() {
        ReferenceData data = ReferenceData.loadBundled();

        assertThat(data.regency("53.17")).get().extracting(Regency::name).isEqualTo("Kabupaten Sumba Tengah");
        assertThat(data.coveringUnit("53.17")).get().extracting(Unit::code).isEqualTo("POLRES-SUMBA-BARAT");
        assertThat(data.unit("POLRES-SUMBA-BARAT").orElseThrow().regencies()).containsExactly("53.12", "53.17");
    }

    @Test
    void exactlyTheFivePolresWithoutOneOneZeroArePendingInJuly2021() {
        ReferenceData data = ReferenceData.loadBundled();

        assertThat(data.units()).filteredOn(u -> u.statusJuly2021() == UnitStatus.PENDING)
                .extracting(Unit::code).containsExactlyInAnyOrderElementsOf(PENDING_JULY_2021);
        assertThat(data.units()).filteredOn(u -> u.statusJuly2021() == UnitStatus.LIVE).hasSize(17);
    }

    @Test
    void kemendagriAndBpsCodesAreKeptApart() {
        ReferenceData data = ReferenceData.loadBundled();

        Regency kabupatenKupang = data.regency("53.01").orElseThrow();
        assertThat(kabupatenKupang.name()).isEqualTo("Kabupaten Kupang");
        assertThat(kabupatenKupang.bpsCode()).isEqualTo("5303");
        assertThat(data.regency("5301")).isEmpty();
    }

    @Test
    void areaCodesServeKnownRegencies() {
        ReferenceData data = ReferenceData.loadBundled();

        assertThat(data.areaCodes()).hasSize(10);
        assertThat(data.areaCodes()).filteredOn(a -> a.code().equals("0386")).singleElement()
                .extracting(AreaCode::regencies).isEqualTo(List.of("53.05"));
        assertThat(data.areaCodes()).filteredOn(a -> a.code().equals("0380")).singleElement()
                .extracting(AreaCode::regencies).isEqualTo(List.of("53.71", "53.01", "53.14", "53.20"));
    }

    @Test
    void theCollectionsCannotBeChanged() {
        ReferenceData data = ReferenceData.loadBundled();

        assertThatThrownBy(() -> data.units().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> data.polda().regencies().add("53.01")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aDuplicateUnitCodeIsReportedWithItsLine() throws IOException {
        // line 5 is POLRES-TTS; make it a second POLRES-KUPANG
        writeFiles(ReferenceData.UNITS_FILE, lines -> replaceLine(lines, 5, lines.get(4).replace("POLRES-TTS", "POLRES-KUPANG")));

        assertThatThrownBy(() -> ReferenceData.load(dir)).isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("units.csv line 5: duplicate unit code POLRES-KUPANG (first on line 4)");
    }

    @Test
    void aRegencyCoveredTwiceIsReported() throws IOException {
        writeFiles(ReferenceData.UNITS_FILE, lines -> replaceLine(lines, 6, lines.get(5).replace(",53.03,", ",53.03;53.02,")));

        assertThatThrownBy(() -> ReferenceData.load(dir)).isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("units.csv line 6: regency 53.02 is covered by both POLRES-TTS and POLRES-TTU");
    }

    @Test
    void aCoveredRegencyThatDoesNotExistIsReported() throws IOException {
        writeFiles(ReferenceData.UNITS_FILE, lines -> replaceLine(lines, 8, lines.get(7).replace(",53.21,", ",53.21;53.99,")));

        assertThatThrownBy(() -> ReferenceData.load(dir)).isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("units.csv line 8: unit POLRES-MALAKA covers regency 53.99, which is not in regencies.csv");
    }

    @Test
    void aRegencyNobodyCoversIsReported() throws IOException {
        // drop POLRES-SUMBA-BARAT-DAYA (last line of units.csv): 53.18 is left uncovered
        writeFiles(ReferenceData.UNITS_FILE, lines -> lines.subList(0, lines.size() - 1));

        assertThatThrownBy(() -> ReferenceData.load(dir)).isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("regencies.csv line 19: regency 53.18 is covered by no unit in units.csv")
                .hasMessageContaining("regencies.csv line 19: covering_unit POLRES-SUMBA-BARAT-DAYA is not in units.csv");
    }

    @Test
    void badValuesAreReportedWithLineAndColumn() throws IOException {
        writeFiles(ReferenceData.REGENCIES_FILE, lines -> {
            List<String> changed = replaceLine(lines, 2, lines.get(1).replace("-10.0642", "-100.0642"));
            return replaceLine(changed, 3, changed.get(2).replace(",0388,", ",388x,"));
        });

        assertThatThrownBy(() -> ReferenceData.load(dir)).isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("regencies.csv line 2: columns 'capital_lat', 'capital_lon' are not a valid position")
                .hasMessageContaining("regencies.csv line 3: column 'area_code' is '388x'");
    }

    @Test
    void anUnknownKindOrStatusIsReported() throws IOException {
        writeFiles(ReferenceData.UNITS_FILE, lines -> replaceLine(lines, 4, lines.get(3).replace(",LIVE,", ",OPEN,")));

        assertThatThrownBy(() -> ReferenceData.load(dir)).isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("units.csv line 4: column 'status_2021_07' is 'OPEN', expected one of [LIVE, PENDING, SUSPENDED]");
    }

    @Test
    void aMissingColumnIsReportedOnTheHeaderLine() throws IOException {
        writeFiles(ReferenceData.AREA_CODES_FILE, lines -> lines.stream().map(l -> l.replaceFirst("^area_code,", "code,")).toList());

        assertThatThrownBy(() -> ReferenceData.load(dir)).isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("area-codes.csv line 1: missing column(s) [area_code]");
    }

    @Test
    void aMissingFileIsReported() throws IOException {
        writeFiles(ReferenceData.UNITS_FILE, UnaryOperator.identity());
        Files.delete(dir.resolve(ReferenceData.REGENCIES_FILE));

        assertThatThrownBy(() -> ReferenceData.load(dir)).isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("regencies.csv: cannot be read");
    }

    /** Copies the bundled files into the temp dir, changing the lines of one of them. */
    private void writeFiles(String changedFile, UnaryOperator<List<String>> change) throws IOException {
        for (String file : List.of(ReferenceData.UNITS_FILE, ReferenceData.REGENCIES_FILE, ReferenceData.AREA_CODES_FILE)) {
            List<String> lines;
            try (InputStream in = ReferenceData.class.getResourceAsStream("/reference/" + file)) {
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
            Files.write(dir.resolve(file), file.equals(changedFile) ? change.apply(lines) : lines, StandardCharsets.UTF_8);
        }
    }

    /** Replaces 1-based line {@code number}. */
    private static List<String> replaceLine(List<String> lines, int number, String replacement) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(number - 1, replacement);
        return copy;
    }
}
