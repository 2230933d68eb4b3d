package city.tsunagu.broker.common.error;

public final class OperationNotSupportedException extends NgsiLdException {
    public OperationNotSupportedException(String detail) {
        super(ErrorType.OPERATION_NOT_SUPPORTED, detail);
    }

    public OperationNotSupportedException(String detail, Throwable cause) {
        super(ErrorType.OPERATION_NOT_SUPPORTED, detail, cause);
    }
}
