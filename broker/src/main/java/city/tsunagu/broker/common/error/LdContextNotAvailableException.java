package city.tsunagu.broker.common.error;

public final class LdContextNotAvailableException extends NgsiLdException {
    public LdContextNotAvailableException(String detail) {
        super(ErrorType.LD_CONTEXT_NOT_AVAILABLE, detail);
    }

    public LdContextNotAvailableException(String detail, Throwable cause) {
        super(ErrorType.LD_CONTEXT_NOT_AVAILABLE, detail, cause);
    }
}
