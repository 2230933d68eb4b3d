package city.tsunagu.broker.common.error;

public final class InternalErrorException extends NgsiLdException {
    public InternalErrorException(String detail) {
        super(ErrorType.INTERNAL_ERROR, detail);
    }

    public InternalErrorException(String detail, Throwable cause) {
        super(ErrorType.INTERNAL_ERROR, detail, cause);
    }
}
