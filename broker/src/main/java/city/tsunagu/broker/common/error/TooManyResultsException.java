package city.tsunagu.broker.common.error;

public final class TooManyResultsException extends NgsiLdException {
    public TooManyResultsException(String detail) {
        super(ErrorType.TOO_MANY_RESULTS, detail);
    }

    public TooManyResultsException(String detail, Throwable cause) {
        super(ErrorType.TOO_MANY_RESULTS, detail, cause);
    }
}
