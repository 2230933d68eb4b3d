package city.tsunagu.broker.common.error;

public final class BadRequestDataException extends NgsiLdException {
    public BadRequestDataException(String detail) {
        super(ErrorType.BAD_REQUEST_DATA, detail);
    }

    public BadRequestDataException(String detail, Throwable cause) {
        super(ErrorType.BAD_REQUEST_DATA, detail, cause);
    }
}
