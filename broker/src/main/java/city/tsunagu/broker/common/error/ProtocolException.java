package city.tsunagu.broker.common.error;

/** HTTP-level refusals that NGSI-LD leaves to HTTP: 406, 411, 413, 415, 501. */
public final class ProtocolException extends NgsiLdException {
    public ProtocolException(ErrorType type, String detail) {
        super(type, detail);
    }
}
