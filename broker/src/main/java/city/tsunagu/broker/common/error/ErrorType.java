package city.tsunagu.broker.common.error;

import org.springframework.http.HttpStatus;

/** The NGSI-LD error types (ETSI GS CIM 009, 5.5.2), each with its type URI and HTTP status. */
public enum ErrorType {
    INVALID_REQUEST("InvalidRequest", HttpStatus.BAD_REQUEST, "The request associated to the operation is syntactically invalid or includes wrong content"),
    BAD_REQUEST_DATA("BadRequestData", HttpStatus.BAD_REQUEST, "The request includes input data which does not meet the requirements of the operation"),
    ALREADY_EXISTS("AlreadyExists", HttpStatus.CONFLICT, "The referred element already exists"),
    OPERATION_NOT_SUPPORTED("OperationNotSupported", HttpStatus.UNPROCESSABLE_CONTENT, "The operation is not supported"),
    RESOURCE_NOT_FOUND("ResourceNotFound", HttpStatus.NOT_FOUND, "The referred resource has not been found"),
    INTERNAL_ERROR("InternalError", HttpStatus.INTERNAL_SERVER_ERROR, "There has been an error during the operation execution"),
    TOO_COMPLEX_QUERY("TooComplexQuery", HttpStatus.FORBIDDEN, "The query is too complex and cannot be resolved"),
    TOO_MANY_RESULTS("TooManyResults", HttpStatus.FORBIDDEN, "The query leads to too many results and cannot be resolved"),
    // 504 as the ETSI conformance suite expects (the remote context server did not answer in time)
    LD_CONTEXT_NOT_AVAILABLE("LdContextNotAvailable", HttpStatus.GATEWAY_TIMEOUT, "A remote JSON-LD @context referenced in a request cannot be retrieved"),
    NONEXISTENT_TENANT("NonexistentTenant", HttpStatus.NOT_FOUND, "The addressed tenant does not exist"),
    NOT_ACCEPTABLE("NotAcceptable", HttpStatus.NOT_ACCEPTABLE, "The requested representation is not available"),
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The request payload is in an unsupported format"),
    LENGTH_REQUIRED("LengthRequired", HttpStatus.LENGTH_REQUIRED, "The request must state its Content-Length"),
    PAYLOAD_TOO_LARGE("PayloadTooLarge", HttpStatus.CONTENT_TOO_LARGE, "The request payload is larger than this broker accepts"),
    NOT_IMPLEMENTED("NotImplemented", HttpStatus.NOT_IMPLEMENTED, "The requested feature is not implemented by this broker");

    private static final String BASE = "https://uri.etsi.org/ngsi-ld/errors/";

    private final String uri;
    private final String title;
    private final HttpStatus status;

    ErrorType(String name, HttpStatus status, String title) {
        this.uri = BASE + name;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }
}
