package city.tsunagu.broker.common.error;

/**
 * An NGSI-LD error: one subclass per error type so callers throw what they mean and the
 * exception handler renders every one of them as ProblemDetails the same way.
 */
public abstract sealed class NgsiLdException extends RuntimeException
        permits InvalidRequestException, BadRequestDataException, AlreadyExistsException,
        OperationNotSupportedException, ResourceNotFoundException, InternalErrorException,
        LdContextNotAvailableException, NonexistentTenantException, TooManyResultsException,
        ProtocolException {

    private final ErrorType type;

    protected NgsiLdException(ErrorType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    protected NgsiLdException(ErrorType type, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }
}
