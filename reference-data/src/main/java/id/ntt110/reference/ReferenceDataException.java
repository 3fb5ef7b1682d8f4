package id.ntt110.reference;

import java.util.List;

/** A reference file is broken; the message names every offending file and line. */
public class ReferenceDataException extends RuntimeException {

    private final List<String> problems;

    public ReferenceDataException(List<String> problems) {
        super("Invalid reference data:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
