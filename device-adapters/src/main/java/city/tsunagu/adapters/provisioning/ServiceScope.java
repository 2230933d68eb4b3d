package city.tsunagu.adapters.provisioning;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A FIWARE service and service path, from the {@code fiware-service} and
 * {@code fiware-servicepath} headers. The service becomes the NGSI-LD tenant of the entities the
 * devices feed; no service (empty) is the broker's default tenant. Services are lower-cased as
 * Orion and the IoT Agents do.
 */
public record ServiceScope(String service, String subservice) {
    public static final String SERVICE_HEADER = "fiware-service";
    public static final String SERVICE_PATH_HEADER = "fiware-servicepath";
    /** In listings only: every service path of the service. */
    public static final String ALL_PATHS = "/*";

    private static final Pattern SERVICE = Pattern.compile("[a-z0-9_]{1,50}");
    private static final Pattern SERVICE_PATH = Pattern.compile("/|(/[A-Za-z0-9_]{1,50}){1,10}");

    /** The scope of a request that names one service path. */
    public static ServiceScope of(String service, String servicePath) {
        String path = servicePath == null || servicePath.isEmpty() ? "/" : servicePath;
        if (!SERVICE_PATH.matcher(path).matches()) {
            throw IotAgentException.wrongSyntax("fiware-servicepath '" + path + "' is invalid: use '/' or up to 10 levels"
                    + " of '/' followed by at most 50 letters, digits or '_'");
        }
        return new ServiceScope(service(service), path);
    }

    /** The scope of a listing, where the service path may also be {@value #ALL_PATHS}. */
    public static ServiceScope forListing(String service, String servicePath) {
        if (ALL_PATHS.equals(servicePath)) {
            return new ServiceScope(service(service), ALL_PATHS);
        }
        return of(service, servicePath);
    }

    private static String service(String header) {
        if (header == null || header.isEmpty()) {
            return "";
        }
        String service = header.toLowerCase(Locale.ROOT);
        if (!SERVICE.matcher(service).matches()) {
            throw IotAgentException.wrongSyntax("fiware-service '" + header + "' is invalid: use at most 50 letters,"
                    + " digits or '_'");
        }
        return service;
    }

    public boolean allPaths() {
        return ALL_PATHS.equals(subservice);
    }

    /** The NGSI-LD tenant of this service, or null for the default tenant. */
    public String tenant() {
        return service.isEmpty() ? null : service;
    }
}
