package id.ntt110.routing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The directory an earlier run of the replica saved (routing.snapshot-file): Nagekeo already LIVE at a destination of
 * its own, which the reference data does not know, so a start from it is told apart from a start from the reference.
 */
public class SavedDirectoryResource implements QuarkusTestResourceLifecycleManager {

    static final String NAGEKEO_DESTINATION = "sip:110@nagekeo.saved.test";

    private Path folder;

    @Override
    public Map<String, String> start() {
        try {
            folder = Files.createTempDirectory("ntt110-routing-saved");
            Path file = folder.resolve("directory.json");
            Files.writeString(file, """
                    {"revision": 41, "savedAt": "2026-11-30T00:00:00Z",
                     "desks": [{"code": "POLRES-NAGEKEO", "status": "LIVE", "destination": "%s", "updatedAt": "2026-11-29T00:00:00Z"},
                               {"code": "POLRES-RETIRED", "status": "LIVE", "destination": "sip:110@x.test", "updatedAt": "2026-11-29T00:00:00Z"}],
                     "cells": {"510-10-ABC": "53.16"}, "prefixes": {"0384": ["53.16"]}}""".formatted(NAGEKEO_DESTINATION));
            return Map.of("routing.snapshot-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind harms nothing
        }
    }
}
