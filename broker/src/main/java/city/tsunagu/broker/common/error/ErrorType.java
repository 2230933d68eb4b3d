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
    NOT_ACCEPTABLE(null, HttpStatus.NOT_ACCEPTABLE, "Not Acceptable"),
    UNSUPPORTED_MEDIA_TYPE(null, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type"),
    LENGTH_REQUIRED(null, HttpStatus.LENGTH_REQUIRED, "Length Required"),
    PAYLOAD_TOO_LARGE(null, HttpStatus.CONTENT_TOO_LARGE, "Content Too Large"),
    NOT_IMPLEMENTED(null, HttpStatus.NOT_IMPLEMENTED, "Not Implemented");

    private static final String BASE = "https://uri.etsi.org/ngsi-ld/errors/";
    /** RFC 9457: the type of problems that HTTP's status code already says everything about. */
    private static final String ABOUT_BLANK = "about:blank";

    private final String uri;
    private final String title;
    private final HttpStatus status;

    /** @param name the NGSI-LD error type name, or null for HTTP-level refusals NGSI-LD leaves to HTTP */
    ErrorType(String name, HttpStatus status, String title) {
        this.uri = name == null ? ABOUT_BLANK : BASE + name;
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
