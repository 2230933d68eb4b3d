package city.tsunagu.broker.tenant;

import city.tsunagu.broker.common.error.BadRequestDataException;
import java.util.regex.Pattern;

/**
 * An NGSI-LD tenant, named by the {@code NGSILD-Tenant} header; no header means the default
 * tenant. Names are validated at the edge because they become database names.
 */
public record Tenant(String name) {
    public static final String HEADER = "NGSILD-Tenant";
    public static final Tenant DEFAULT = new Tenant(null);

    private static final int MAX_LENGTH = 64;
    /** Letters, digits and the URI punctuation tenant names use in practice (e.g. urn:ngsi-ld:tenant:x). */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_\\-:.]+");

    public static Tenant fromHeader(String header) {
        if (header == null || header.isEmpty()) {
            return DEFAULT;
        }
        if (header.length() > MAX_LENGTH || !VALID.matcher(header).matches()) {
            throw new BadRequestDataException("Tenant name '" + header + "' is invalid: use at most "
                    + MAX_LENGTH + " letters, digits, '_', '-', ':' or '.'");
        }
        return new Tenant(header);
    }

    public boolean isDefault() {
        return name == null;
    }
}
