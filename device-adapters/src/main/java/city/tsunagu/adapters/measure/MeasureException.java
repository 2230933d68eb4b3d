package city.tsunagu.adapters.measure;

/** A reading that cannot be taken: malformed payload, or a measure that does not fit its attribute. */
public final class MeasureException extends RuntimeException {
    private final String reason;

    public MeasureException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A short, stable name of the kind of failure, for metrics. */
    public String reason() {
        return reason;
    }
}
