package id.ntt110.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The static geography of NTT 110 — desks, regencies, area codes — loaded once and validated as a whole.
 * Immutable; the live 110 status of a desk is owned by routing-service, not by this class.
 */
public final class ReferenceData {

    public static final String UNITS_FILE = "units.csv";
    public static final String REGENCIES_FILE = "regencies.csv";
    public static final String AREA_CODES_FILE = "area-codes.csv";

    private static final Pattern REGENCY_CODE = Pattern.compile("53\\.\\d{2}");
    private static final Pattern BPS_CODE = Pattern.compile("53\\d{2}");
    private static final Pattern AREA_CODE = Pattern.compile("0\\d{2,3}");
    private static final Pattern UNIT_CODE = Pattern.compile("[A-Z][A-Z0-9-]*[A-Z0-9]");

    /** Opens one reference file by name. */
    @FunctionalInterface
    public interface Source {
        Reader open(String file) throws IOException;
    }

    private final Map<String, Unit> units;
    private final Map<String, Regency> regencies;
    private final Map<String, AreaCode> areaCodes;
    private final Unit polda;

    private ReferenceData(Map<String, Unit> units, Map<String, Regency> regencies, Map<String, AreaCode> areaCodes) {
        this.units = Collections.unmodifiableMap(units);
        this.regencies = Collections.unmodifiableMap(regencies);
        this.areaCodes = Collections.unmodifiableMap(areaCodes);
        this.polda = units.values().stream().filter(Unit::isPolda).findFirst().orElseThrow();
    }

    /** The regency boundaries shipped with the reference data (GeoJSON, MIT: ntt-regencies.SOURCE.md beside it). */
    public static final String BOUNDARIES_RESOURCE = "/reference/ntt-regencies.geojson";

    /** Opens the bundled regency boundaries ({@link #BOUNDARIES_RESOURCE}). */
    public static InputStream openBundledBoundaries() throws IOException {
        InputStream in = ReferenceData.class.getResourceAsStream(BOUNDARIES_RESOURCE);
        if (in == null) {
            throw new IOException("reference file " + BOUNDARIES_RESOURCE + " is not on the classpath");
        }
        return in;
    }

    /** The files shipped in this module under {@code /reference}. */
    public static ReferenceData loadBundled() {
        return load(file -> {
            InputStream in = ReferenceData.class.getResourceAsStream("/reference/" + file);
            if (in == null) {
                throw new IOException("reference file " + file + " is not on the classpath");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        });
    }

    /** The three files from a directory. */
    public static ReferenceData load(Path directory) {
        return load(file -> Files.newBufferedReader(directory.resolve(file), StandardCharsets.UTF_8));
    }

    /**
     * Reads and validates the three files.
     *
     * @throws ReferenceDataException naming every problem with its file and line
     */
    public static ReferenceData load(Source source) {
        List<String> problems = new ArrayList<>();
        List<CsvTable.Row> unitRows = read(source, UNITS_FILE,
                Set.of("code", "name", "kind", "regencies", "hq_town", "hq_lat", "hq_lon", "status_2021_07"), problems);
        List<CsvTable.Row> regencyRows = read(source, REGENCIES_FILE,
                Set.of("code", "bps_code", "name", "capital", "capital_lat", "capital_lon", "area_code", "covering_unit"), problems);
        List<CsvTable.Row> areaCodeRows = read(source, AREA_CODES_FILE, Set.of("area_code", "towns", "regencies"), problems);

        Map<String, Unit> units = new LinkedHashMap<>();
        Map<String, Integer> unitLines = new HashMap<>();
        for (CsvTable.Row row : unitRows) {
            String code = row.matching("code", UNIT_CODE, "an upper-case code such as POLRES-BELU");
            Unit unit = new Unit(code, row.required("name"), row.enumValue("kind", UnitKind.class), regencyList(row),
                    row.required("hq_town"), row.point("hq_lat", "hq_lon"), row.enumValue("status_2021_07", UnitStatus.class));
            putUnique(units, unitLines, code, unit, row, "unit code");
        }

        Map<String, Regency> regencies = new LinkedHashMap<>();
        Map<String, Integer> regencyLines = new HashMap<>();
        for (CsvTable.Row row : regencyRows) {
            String code = row.matching("code", REGENCY_CODE, "a Kemendagri code such as 53.21");
            Regency regency = new Regency(code, row.matching("bps_code", BPS_CODE, "a BPS code such as 5321"),
                    row.required("name"), row.required("capital"), row.point("capital_lat", "capital_lon"),
                    row.matching("area_code", AREA_CODE, "an area code such as 0380"), row.required("covering_unit"));
            putUnique(regencies, regencyLines, code, regency, row, "regency code");
        }

        Map<String, AreaCode> areaCodes = new LinkedHashMap<>();
        Map<String, Integer> areaCodeLines = new HashMap<>();
        for (CsvTable.Row row : areaCodeRows) {
            String code = row.matching("area_code", AREA_CODE, "an area code such as 0380");
            List<String> served = regencyList(row);
            for (String regency : served) {
                if (REGENCY_CODE.matcher(regency).matches() && !regencyLines.containsKey(regency)) {
                    row.problem("area code " + code + " serves regency " + regency + ", which is not in " + REGENCIES_FILE);
                }
            }
            if (served.isEmpty()) {
                row.problem("area code " + code + " serves no regency");
            }
            putUnique(areaCodes, areaCodeLines, code, new AreaCode(code, row.list("towns"), served), row, "area code");
        }

        checkCoverage(unitRows, regencyRows, units, unitLines, regencies, areaCodes, problems);
        if (!problems.isEmpty()) {
            throw new ReferenceDataException(problems);
        }
        return new ReferenceData(units, regencies, areaCodes);
    }

    /** Keeps the first row of each code; a later one is reported with the line of the first. */
    private static <T> void putUnique(Map<String, T> byCode, Map<String, Integer> lines, String code, T value,
            CsvTable.Row row, String what) {
        if (code == null) {
            return;
        }
        Integer first = lines.putIfAbsent(code, row.line);
        if (first != null) {
            row.problem("duplicate " + what + " " + code + " (first on line " + first + ")");
        } else {
            byCode.put(code, value);
        }
    }

    private static List<String> regencyList(CsvTable.Row row) {
        List<String> codes = row.list("regencies");
        for (String code : codes) {
            if (!REGENCY_CODE.matcher(code).matches()) {
                row.problem("column 'regencies' holds '" + code + "', expected Kemendagri codes such as 53.21 separated by ';'");
            }
        }
        return codes;
    }

    /** Every regency is covered by exactly one polres/polresta, and both files agree which one. */
    private static void checkCoverage(List<CsvTable.Row> unitRows, List<CsvTable.Row> regencyRows, Map<String, Unit> units,
            Map<String, Integer> unitLines, Map<String, Regency> regencies, Map<String, AreaCode> areaCodes, List<String> problems) {
        long poldaCount = units.values().stream().filter(u -> u.kind() == UnitKind.POLDA).count();
        if (poldaCount != 1) {
            problems.add(UNITS_FILE + ": expected exactly one unit of kind POLDA (the fallback desk), found " + poldaCount);
        }
        Map<String, String> coveredBy = new HashMap<>();
        for (CsvTable.Row row : unitRows) {
            Unit unit = units.get(row.optional("code"));
            // a duplicated code was reported once; its later rows take no further part
            if (unit == null || unit.kind() == null || unitLines.get(unit.code()) != row.line) {
                continue;
            }
            if (unit.isPolda()) {
                if (!unit.regencies().isEmpty()) {
                    row.problem("the POLDA unit covers the whole province as fallback and must list no regencies");
                }
                if (unit.statusJuly2021() != null && unit.statusJuly2021() != UnitStatus.LIVE) {
                    row.problem("the POLDA unit is the desk of last resort and must be LIVE");
                }
                continue;
            }
            if (unit.regencies().isEmpty()) {
                row.problem("unit " + unit.code() + " covers no regency");
            }
            for (String regency : unit.regencies()) {
                String other = coveredBy.putIfAbsent(regency, unit.code());
                if (other != null) {
                    row.problem("regency " + regency + " is covered by both " + other + " and " + unit.code());
                }
                if (REGENCY_CODE.matcher(regency).matches() && !regencies.containsKey(regency)) {
                    row.problem("unit " + unit.code() + " covers regency " + regency + ", which is not in " + REGENCIES_FILE);
                }
            }
        }
        for (CsvTable.Row row : regencyRows) {
            Regency regency = regencies.get(row.optional("code"));
            if (regency == null) {
                continue;
            }
            String listedBy = coveredBy.get(regency.code());
            if (regency.coveringUnit() != null && !units.containsKey(regency.coveringUnit())) {
                row.problem("covering_unit " + regency.coveringUnit() + " is not in " + UNITS_FILE);
            }
            if (listedBy == null) {
                row.problem("regency " + regency.code() + " is covered by no unit in " + UNITS_FILE);
            } else if (regency.coveringUnit() != null && !regency.coveringUnit().equals(listedBy)) {
                row.problem("covering_unit is " + regency.coveringUnit() + " but " + UNITS_FILE + " lists "
                        + regency.code() + " under " + listedBy);
            }
            if (regency.areaCode() != null && !areaCodes.isEmpty() && !areaCodes.containsKey(regency.areaCode())) {
                row.problem("area code " + regency.areaCode() + " is not in " + AREA_CODES_FILE);
            }
        }
    }

    private static List<CsvTable.Row> read(Source source, String file, Set<String> columns, List<String> problems) {
        try {
            return CsvTable.read(file, source.open(file), columns, problems);
        } catch (IOException e) {
            problems.add(file + ": cannot be read (" + e.getMessage() + ")");
            return List.of();
        } catch (UncheckedIOException e) {
            problems.add(file + ": cannot be read (" + e.getCause().getMessage() + ")");
            return List.of();
        }
    }

    /** All desks in file order. */
    public List<Unit> units() {
        return List.copyOf(units.values());
    }

    public Optional<Unit> unit(String code) {
        return Optional.ofNullable(code == null ? null : units.get(code));
    }

    /** POLDA-NTT, the desk of last resort. */
    public Unit polda() {
        return polda;
    }

    /** All regencies in file order. */
    public List<Regency> regencies() {
        return List.copyOf(regencies.values());
    }

    public Optional<Regency> regency(String code) {
        return Optional.ofNullable(code == null ? null : regencies.get(code));
    }

    /** The polres/polresta covering a regency; present for every regency the data holds. */
    public Optional<Unit> coveringUnit(String regencyCode) {
        return regency(regencyCode).map(r -> units.get(r.coveringUnit()));
    }

    public List<AreaCode> areaCodes() {
        return List.copyOf(areaCodes.values());
    }
}
