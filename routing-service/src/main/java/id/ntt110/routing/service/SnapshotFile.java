package id.ntt110.routing.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.UnitStatus;
import id.ntt110.routing.locate.NumberPrefixTable;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The last directory a replica read from its database, kept in a file so that a replica restarted while the database
 * is down routes by the desks' real statuses and destinations instead of the reference data's. Written whole to a
 * temporary file and moved into place, so a crash mid-write leaves the previous one.
 */
final class SnapshotFile {

    /** The file's form: plain values only, so it reads back whatever changes in the classes. */
    record Content(long revision, Instant savedAt, List<DeskEntry> desks, Map<String, String> cells,
            Map<String, List<String>> prefixes) {
    }

    /** {@code destinations} is absent from files written before desks had several phones. */
    record DeskEntry(String code, UnitStatus status, String destination, List<String> destinations, Instant updatedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Path file;

    SnapshotFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    void write(DirectorySnapshot snapshot) {
        List<DeskEntry> desks = snapshot.desks().values().stream()
                .map(d -> new DeskEntry(d.code(), d.status(), d.destination(), d.destinations(), d.updatedAt()))
                .sorted(java.util.Comparator.comparing(DeskEntry::code)).toList();
        Content content = new Content(snapshot.revision(), Instant.now(), desks, new TreeMap<>(snapshot.cells()),
                new TreeMap<>(snapshot.prefixes().entries()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), content);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Routing goes on from memory; only a restart during an outage would miss this copy.
            Log.warnf("Could not save the directory to %s: %s", file, e.getMessage());
        }
    }

    /**
     * The saved directory, its desks checked against the reference data (a desk it no longer has is left out, one it
     * lacks comes from the reference data); empty when there is no usable file.
     */
    Optional<DirectorySnapshot> read(ReferenceData reference, java.util.function.Function<String, String> defaultDestination) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Content content = JSON.readValue(file.toFile(), Content.class);
            Map<String, DirectorySnapshot.Desk> desks = new LinkedHashMap<>();
            for (DeskEntry entry : content.desks()) {
                reference.unit(entry.code()).ifPresent(unit -> desks.put(unit.code(),
                        new DirectorySnapshot.Desk(unit, entry.status(), entry.destination(), entry.destinations(),
                                entry.updatedAt())));
            }
            reference.units().forEach(unit -> desks.computeIfAbsent(unit.code(), code -> new DirectorySnapshot.Desk(unit,
                    unit.statusJuly2021(), defaultDestination.apply(code), Instant.EPOCH)));
            Map<String, List<String>> prefixes = new TreeMap<>();
            content.prefixes().forEach((prefix, regencies) -> {
                List<String> known = regencies.stream().filter(code -> reference.regency(code).isPresent()).toList();
                if (!known.isEmpty()) {
                    prefixes.put(prefix, known);
                }
            });
            Map<String, String> cells = new TreeMap<>();
            content.cells().forEach((cell, regency) -> {
                if (reference.regency(regency).isPresent()) {
                    cells.put(cell, regency);
                }
            });
            return Optional.of(new DirectorySnapshot(content.revision(), desks, cells, new NumberPrefixTable(prefixes)));
        } catch (IOException | RuntimeException e) {
            Log.warnf("The saved directory %s cannot be read (%s); it is not used", file, e.getMessage());
            return Optional.empty();
        }
    }
}
