package id.ntt110.reference;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one reference CSV file into rows that remember their line, collecting every problem found. */
final class CsvTable {

    private static final CsvMapper MAPPER = new CsvMapper();

    private CsvTable() {
    }

    static List<Row> read(String file, Reader reader, Set<String> requiredColumns, List<String> problems) {
        List<Row> rows = new ArrayList<>();
        try (reader; MappingIterator<Map<String, String>> it = MAPPER.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(reader)) {
            List<String> header = new ArrayList<>();
            boolean headerChecked = false;
            while (it.hasNextValue()) {
                Map<String, String> values = it.nextValue();
                // The header is line 1; one record per line (the files hold no multi-line fields).
                int line = rows.size() + 2;
                if (!headerChecked) {
                    headerChecked = true;
                    if (it.getParserSchema() instanceof CsvSchema schema) {
                        schema.forEach(column -> header.add(column.getName()));
                    }
                    List<String> missing = requiredColumns.stream().filter(c -> !header.contains(c)).sorted().toList();
                    if (!missing.isEmpty()) {
                        problems.add(file + " line 1: missing column(s) " + missing);
                        return List.of();
                    }
                }
                rows.add(new Row(file, line, values, problems));
            }
        } catch (RuntimeJsonMappingException | IOException e) {
            problems.add(file + " line " + (rows.size() + 2) + ": unreadable CSV (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (rows.isEmpty() && problems.isEmpty()) {
            problems.add(file + " line 1: no rows");
        }
        return rows;
    }

    /** One data row; accessors record a problem naming file, line and column, and return null when invalid. */
    static final class Row {
        private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*;\\s*");

        final String file;
        final int line;
        private final Map<String, String> values;
        private final List<String> problems;

        Row(String file, int line, Map<String, String> values, List<String> problems) {
            this.file = file;
            this.line = line;
            this.values = values;
            this.problems = problems;
        }

        String where() {
            return file + " line " + line;
        }

        void problem(String message) {
            problems.add(where() + ": " + message);
        }

        String optional(String column) {
            String value = values.get(column);
            return value == null || value.isBlank() ? null : value.strip();
        }

        String required(String column) {
            String value = optional(column);
            if (value == null) {
                problem("column '" + column + "' is empty");
            }
            return value;
        }

        String matching(String column, Pattern pattern, String expected) {
            String value = required(column);
            if (value != null && !pattern.matcher(value).matches()) {
                problem("column '" + column + "' is '" + value + "', expected " + expected);
                return null;
            }
            return value;
        }

        List<String> list(String column) {
            String value = optional(column);
            return value == null ? List.of() : Arrays.asList(LIST_SEPARATOR.split(value));
        }

        <E extends Enum<E>> E enumValue(String column, Class<E> type) {
            String value = required(column);
            if (value == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) {
                problem("column '" + column + "' is '" + value + "', expected one of " + Arrays.toString(type.getEnumConstants()));
                return null;
            }
        }

        GeoPoint point(String latColumn, String lonColumn) {
            String lat = required(latColumn);
            String lon = required(lonColumn);
            if (lat == null || lon == null) {
                return null;
            }
            try {
                return new GeoPoint(Double.parseDouble(lat), Double.parseDouble(lon));
            } catch (IllegalArgumentException e) {
                problem("columns '" + latColumn + "', '" + lonColumn + "' are not a valid position: " + lat + ", " + lon);
                return null;
            }
        }
    }
}
