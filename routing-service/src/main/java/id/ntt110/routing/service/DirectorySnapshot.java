package id.ntt110.routing.service;

import id.ntt110.reference.Unit;
import id.ntt110.reference.UnitStatus;
import id.ntt110.routing.locate.NumberPrefixTable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a routing decision reads, as one immutable value: desks with their status and destination, the cell
 * table and the number-prefix table, at one directory revision. Swapped whole when anything changes.
 */
public record DirectorySnapshot(long revision, Map<String, Desk> desks, Map<String, String> cells,
        NumberPrefixTable prefixes) {

    /** A desk: its reference facts plus its current 110 status and destination. */
    public record Desk(Unit unit, UnitStatus status, String destination, Instant updatedAt) {

        public String code() {
            return unit.code();
        }
    }

    public DirectorySnapshot {
        desks = Map.copyOf(desks);
        cells = Map.copyOf(cells);
    }

    public Optional<Desk> desk(String code) {
        return Optional.ofNullable(code == null ? null : desks.get(code));
    }

    /** Desks in reference order (Polda first). */
    public List<Desk> deskList(List<Unit> referenceOrder) {
        return referenceOrder.stream().map(u -> desks.get(u.code())).toList();
    }
}
