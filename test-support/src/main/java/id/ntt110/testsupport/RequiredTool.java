package id.ntt110.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * An operating-system program a test needs (kamailio, sipp, chromium, …), which ./test.sh installs. Missing, the test
 * is skipped with a loud message saying how to install it — except under {@code CI=true}, where a skip would hide that
 * nothing was tested: there the test fails.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /**
     * The program's path on PATH.
     *
     * @param debianPackage the package that brings it, for the message
     */
    public static Path require(String command, String debianPackage) {
        return lookup(command, System.getenv("PATH")).orElseGet(() -> missing(command, debianPackage, isCi()));
    }

    static Optional<Path> lookup(String command, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Path missing(String command, String debianPackage, boolean ci) {
        String message = "'" + command + "' is not installed (Debian package " + debianPackage + "): ./test.sh installs it, or "
                + "sudo apt-get install -y " + debianPackage;
        System.err.println("*** SKIPPED: " + message + " ***");
        if (ci) {
            throw new AssertionError("CI=true and " + message);
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
