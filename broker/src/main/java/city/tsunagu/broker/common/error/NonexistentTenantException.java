package city.tsunagu.broker.common.error;

public final class NonexistentTenantException extends NgsiLdException {
    public NonexistentTenantException(String detail) {
        super(ErrorType.NONEXISTENT_TENANT, detail);
    }

    public NonexistentTenantException(String detail, Throwable cause) {
        super(ErrorType.NONEXISTENT_TENANT, detail, cause);
    }
}
