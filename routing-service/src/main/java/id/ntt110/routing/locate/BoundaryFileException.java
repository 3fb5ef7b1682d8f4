package id.ntt110.routing.locate;

/** The boundary file cannot be used; the message says which file and which feature. */
public class BoundaryFileException extends RuntimeException {

    public BoundaryFileException(String message) {
        super(message);
    }

    public BoundaryFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
