package city.tsunagu.broker.common.error;

public final class InvalidRequestException extends NgsiLdException {
    public InvalidRequestException(String detail) {
        super(ErrorType.INVALID_REQUEST, detail);
    }

    public InvalidRequestException(String detail, Throwable cause) {
        super(ErrorType.INVALID_REQUEST, detail, cause);
    }
}
