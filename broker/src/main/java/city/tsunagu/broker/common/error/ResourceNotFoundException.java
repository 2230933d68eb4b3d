package city.tsunagu.broker.common.error;

public final class ResourceNotFoundException extends NgsiLdException {
    public ResourceNotFoundException(String detail) {
        super(ErrorType.RESOURCE_NOT_FOUND, detail);
    }

    public ResourceNotFoundException(String detail, Throwable cause) {
        super(ErrorType.RESOURCE_NOT_FOUND, detail, cause);
    }
}
