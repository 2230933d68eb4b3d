package city.tsunagu.broker.ld;

/**
 * A @context that is not valid JSON-LD, found while reading or processing it. The resolver turns
 * it into BadRequestData for a @context the client sent, and into LdContextNotAvailable for a
 * downloaded one, since then the client's request itself is not at fault.
 */
final class InvalidContextException extends RuntimeException {
    InvalidContextException(String message) {
        super(message, null, false, false);
    }

    InvalidContextException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
