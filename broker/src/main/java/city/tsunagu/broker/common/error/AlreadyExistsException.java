package city.tsunagu.broker.common.error;

public final class AlreadyExistsException extends NgsiLdException {
    public AlreadyExistsException(String detail) {
        super(ErrorType.ALREADY_EXISTS, detail);
    }

    public AlreadyExistsException(String detail, Throwable cause) {
        super(ErrorType.ALREADY_EXISTS, detail, cause);
    }
}
