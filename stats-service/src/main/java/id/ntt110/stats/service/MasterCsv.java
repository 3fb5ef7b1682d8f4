package id.ntt110.stats.service;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemException;
import id.ntt110.reference.ReferenceData;
import id.ntt110.stats.config.StatsConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads Asterisk's cdr_csv file (Master.csv) as legs: one row, one leg, checked like a JSON leg and rejected by its
 * index among the data rows, its errors named by column. Started eagerly, so that a desk map naming no desk of Polda
 * NTT stops the service at start rather than failing the first import.
 * <p>
 * Asterisk writes one row per dial attempt, and every attempt of a call carries the uniqueid of the caller's channel:
 * the uniqueid is the call, and the leg is the uniqueid with the attempt's dstchannel, start and end.
 */
@ApplicationScoped
@Startup
public class MasterCsv {

    /** cdr_csv's columns in its order; uniqueid only with cdr.conf's loguniqueid=yes, userfield with loguserfield=yes. */
    static final List<String> COLUMNS = List.of("accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel",
            "lastapp", "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags", "uniqueid",
            "userfield");
    /** Without a header line, a row's length says which optional columns the file has. */
    private static final int BASIC_COLUMNS = 16;
    /** Asterisk's dispositions; CONGESTION (all circuits busy) is a failure to reach the desk, like FAILED. */
    static final Map<String, String> DISPOSITIONS = Map.of("ANSWERED", "ANSWERED", "NO ANSWER", "NO_ANSWER", "BUSY", "BUSY",
            "FAILED", "FAILED", "CONGESTION", "FAILED");
    /** Keeps Asterisk's ids apart from the SIP edge's. */
    static final String PREFIX = "asterisk-";
    private static final int HASH_CHARS = 12;
    /** A leg id is at most 100 characters: the prefix, the uniqueid, '-' and the attempt's hash. */
    static final int MAX_UNIQUEID = 100 - PREFIX.length() - 1 - HASH_CHARS;
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    /** The leg's fields as Legs names them, and the columns they come from. */
    private static final Map<String, String> COLUMN_OF = Map.of("id", "uniqueid", "callId", "uniqueid", "unit", "unit",
            "startedAt", "start", "answeredAt", "answer", "endedAt", "end", "disposition", "disposition");

    private static final ObjectReader ROWS = new CsvMapper().readerForListOf(String.class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.SKIP_EMPTY_LINES);

    private final ReferenceData reference;
    private final ZoneId zone;
    private final Map<String, String> channelDesks;
    private final Map<String, String> contextDesks;
    private final int maxBatch;

    public MasterCsv(ReferenceData reference, StatsConfig config) {
        this.reference = reference;
        this.zone = config.cdrCsv().zone();
        this.channelDesks = Map.copyOf(config.cdrCsv().desks().channel());
        this.contextDesks = Map.copyOf(config.cdrCsv().desks().dcontext());
        this.maxBatch = config.maxBatch();
        Map<String, String> all = new HashMap<>();
        channelDesks.forEach((prefix, desk) -> all.put("stats.cdr-csv.desks.channel.\"" + prefix + "\"", desk));
        contextDesks.forEach((context, desk) -> all.put("stats.cdr-csv.desks.dcontext.\"" + context + "\"", desk));
        all.forEach((key, desk) -> {
            if (reference.unit(desk).isEmpty()) {
                throw new IllegalStateException(key + " is '" + desk + "', which is not a desk of Polda NTT");
            }
        });
    }

    /** Each data row as a checked leg, in file order; unit: the desk of every row (?unit=), or null to use the desk map. */
    List<Legs.Checked> read(InputStream body, String unit) throws IOException {
        if (unit != null && reference.unit(unit).isEmpty()) {
            throw ProblemException.invalid("unit", "'" + unit + "' is not a desk of Polda NTT");
        }
        List<List<String>> rows = rows(body);
        List<String> header = !rows.isEmpty() && isHeader(rows.getFirst())
                ? rows.removeFirst().stream().map(String::strip).toList() : null;
        if (header != null && !(header.contains("start") && header.contains("disposition"))) {
            throw ProblemException.invalid("body", "its header line names no start or no disposition column");
        }
        if (rows.isEmpty()) {
            throw ProblemException.invalid("body", header == null ? "holds no rows" : "holds a header line and no rows");
        }
        if (rows.size() > maxBatch) {
            throw ProblemException.invalid("body", "holds more than " + maxBatch + " rows; at most " + maxBatch + " per request");
        }
        List<Legs.Checked> legs = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            legs.add(leg(row, header, unit));
        }
        return legs;
    }

    /** The file's rows, a header line included; reading stops past the most a request may hold (and a header line). */
    private List<List<String>> rows(InputStream body) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> values = ROWS.readValues(body)) {
            while (values.hasNextValue() && rows.size() <= maxBatch + 1) {
                rows.add(values.nextValue());
            }
        } catch (JacksonException e) {
            // e.g. a quote never closed: the rest of the file would be one field, so no row of it can be trusted
            throw ProblemException.invalid("body", "is not a readable CSV file: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        return rows;
    }

    /** Master.csv has no header line, but a file that was given one (a spreadsheet, cdr_custom) names the columns. */
    private static boolean isHeader(List<String> row) {
        return row.size() >= 2 && row.get(0).replace("\uFEFF", "").strip().equals(COLUMNS.get(0))
                && row.get(1).strip().equals(COLUMNS.get(1));
    }

    private Legs.Checked leg(List<String> values, List<String> header, String unit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, String> row = columns(values, header, errors);
        if (row == null) {
            return new Legs.Checked(null, errors);
        }
        ObjectNode leg = JsonNodeFactory.instance.objectNode();
        String uniqueid = row.get("uniqueid");
        if (uniqueid == null) {
            // nothing ties the attempts of a call together: each row is a call of its own, its id the row's hash
            String id = PREFIX + hash(COLUMNS.stream().map(c -> row.getOrDefault(c, "")).toList(), 32);
            leg.put("id", id).put("callId", id);
        } else if (uniqueid.length() > MAX_UNIQUEID) {
            errors.add(new Problem.FieldError("uniqueid", "must be at most " + MAX_UNIQUEID + " characters"));
        } else {
            leg.put("id", PREFIX + uniqueid + "-" + hash(List.of(row.getOrDefault("dstchannel", ""),
                    row.getOrDefault("start", ""), row.getOrDefault("end", "")), HASH_CHARS));
            leg.put("callId", PREFIX + uniqueid);
        }
        String desk = unit != null ? unit : desk(row);
        if (desk == null) {
            errors.add(new Problem.FieldError("unit", "no desk for this row: neither ?unit= nor stats.cdr-csv.desks matches "
                    + "its dstchannel '" + row.getOrDefault("dstchannel", "") + "', channel '" + row.getOrDefault("channel", "")
                    + "' or dcontext '" + row.getOrDefault("dcontext", "") + "'"));
        } else {
            leg.put("unit", desk);
        }
        String callerColumn = row.containsKey("src") ? "src" : "clid";
        leg.put("caller", row.containsKey("src") ? row.get("src") : number(row.get("clid")));
        time(row, "start", "startedAt", leg, errors);
        time(row, "answer", "answeredAt", leg, errors);
        time(row, "end", "endedAt", leg, errors);
        String disposition = row.get("disposition");
        if (disposition != null && !DISPOSITIONS.containsKey(disposition)) {
            errors.add(new Problem.FieldError("disposition", "'" + disposition + "' is not one of ANSWERED, NO ANSWER, BUSY, "
                    + "FAILED, CONGESTION"));
        } else if (disposition != null) {
            leg.put("disposition", DISPOSITIONS.get(disposition));
        }
        // The rest is checked as for a JSON leg, each error under its column; a column already refused keeps its own.
        Legs.Checked checked = Legs.check(leg, reference);
        for (Problem.FieldError error : checked.errors()) {
            String column = "caller".equals(error.field()) ? callerColumn : COLUMN_OF.getOrDefault(error.field(), error.field());
            if (errors.stream().noneMatch(e -> e.field().equals(column))) {
                errors.add(new Problem.FieldError(column, error.message().replace("startedAt", "start")
                        .replace("answeredAt", "answer")));
            }
        }
        return errors.isEmpty() ? checked : new Legs.Checked(null, errors);
    }

    /** The row by column name, without its empty values; null (with the error) when its length fits no layout. */
    private static Map<String, String> columns(List<String> values, List<String> header, List<Problem.FieldError> errors) {
        List<String> names = header;
        if (header != null && values.size() != header.size()) {
            errors.add(new Problem.FieldError("row", "has " + values.size() + " columns; the header line names " + header.size()));
            return null;
        }
        if (header == null) {
            if (values.size() < BASIC_COLUMNS || values.size() > COLUMNS.size()) {
                errors.add(new Problem.FieldError("row", "has " + values.size() + " columns; a Master.csv row has "
                        + BASIC_COLUMNS + ", " + (BASIC_COLUMNS + 1) + " (with uniqueid) or " + COLUMNS.size()
                        + " (uniqueid and userfield); a file with userfield but no uniqueid needs a header line"));
                return null;
            }
            names = COLUMNS.subList(0, values.size());
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String value = values.get(i).strip();
            if (!value.isEmpty()) {
                row.put(names.get(i), value);
            }
        }
        return row;
    }

    /** ?unit= aside: the longest prefix of dstchannel, else of channel, in the channel map; else dcontext's desk. */
    private String desk(Map<String, String> row) {
        for (String column : List.of("dstchannel", "channel")) {
            String channel = row.get(column);
            String prefix = channel == null ? null : channelDesks.keySet().stream().filter(channel::startsWith)
                    .max(Comparator.comparingInt(String::length)).orElse(null);
            if (prefix != null) {
                return channelDesks.get(prefix);
            }
        }
        String context = row.get("dcontext");
        return context == null ? null : contextDesks.get(context);
    }

    /** The number of a caller id such as {@code "Budi" <081234567890>}, or the whole text when it has no brackets. */
    private static String number(String clid) {
        if (clid == null) {
            return null;
        }
        int open = clid.lastIndexOf('<');
        int close = clid.lastIndexOf('>');
        return open >= 0 && close > open ? clid.substring(open + 1, close).strip() : clid;
    }

    /** A local time of the file's zone, given to the leg as an instant with its offset; an empty one stays absent. */
    private void time(Map<String, String> row, String column, String field, ObjectNode leg, List<Problem.FieldError> errors) {
        String text = row.get(column);
        if (text == null) {
            return;
        }
        try {
            leg.put(field, LocalDateTime.parse(text, LOCAL_TIME).atZone(zone).toOffsetDateTime().toString());
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(column, "'" + text + "' is not a local time YYYY-MM-DD HH:MM:SS"));
        }
    }

    private static String hash(List<String> values, int chars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\u001f", values).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
