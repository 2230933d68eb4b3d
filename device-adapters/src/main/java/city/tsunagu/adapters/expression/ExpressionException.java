package city.tsunagu.adapters.expression;

/** An expression that does not compile, or fails when evaluated; the message says why. */
public final class ExpressionException extends RuntimeException {
    public ExpressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
