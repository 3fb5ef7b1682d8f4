package id.ntt110.routing.service;

import id.ntt110.reference.Unit;
import id.ntt110.reference.UnitStatus;
import id.ntt110.routing.locate.NumberPrefixTable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything a routing decision reads, as one immutable value: desks with their status and destination, the cell
 * table and the number-prefix table, at one directory revision. Swapped whole when anything changes.
 */
public record DirectorySnapshot(long revision, Map<String, Desk> desks, Map<String, String> cells,
        NumberPrefixTable prefixes) {

    /**
     * A desk: its reference facts plus its current 110 status and destinations — its phones, rung in parallel, the
     * first of them {@code destination}.
     */
    public record Desk(Unit unit, UnitStatus status, String destination, List<String> destinations, Instant updatedAt) {

        public Desk {
            destinations = destinations == null || destinations.isEmpty() ? List.of(destination) : List.copyOf(destinations);
        }

        /** A desk with the one phone. */
        public Desk(Unit unit, UnitStatus status, String destination, Instant updatedAt) {
            this(unit, status, destination, null, updatedAt);
        }

        public String code() {
            return unit.code();
        }
    }

    public DirectorySnapshot {
        desks = Map.copyOf(desks);
        // Keyed by the normalised id, so a lookup finds a cell whatever the case it was stored or sent in.
        cells = cells.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> normaliseCell(e.getKey()), Map.Entry::getValue, (first, second) -> second));
    }

    /** Cell ids compare case-insensitively: hex cell ids arrive in either case. */
    public static String normaliseCell(String cell) {
        return cell.strip().toUpperCase(Locale.ROOT);
    }

    /** The regency of a cell, in whatever case its id comes. */
    public Optional<String> cellRegency(String cell) {
        return cell == null ? Optional.empty() : Optional.ofNullable(cells.get(normaliseCell(cell)));
    }

    public Optional<Desk> desk(String code) {
        return Optional.ofNullable(code == null ? null : desks.get(code));
    }

    /** Desks in reference order (Polda first). */
    public List<Desk> deskList(List<Unit> referenceOrder) {
        return referenceOrder.stream().map(u -> desks.get(u.code())).toList();
    }
}
