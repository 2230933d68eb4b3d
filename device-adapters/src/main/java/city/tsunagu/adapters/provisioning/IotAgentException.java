package city.tsunagu.adapters.provisioning;

import org.springframework.http.HttpStatus;

/**
 * An error of the provisioning API, rendered as the IoT Agents render theirs:
 * {@code {"name": "DUPLICATE_GROUP", "message": "..."}} with the status of the same error in
 * iotagent-node-lib, so that existing provisioning clients understand it.
 */
public final class IotAgentException extends RuntimeException {
    private final String name;
    private final HttpStatus status;

    private IotAgentException(String name, HttpStatus status, String message) {
        super(message);
        this.name = name;
        this.status = status;
    }

    public static IotAgentException wrongSyntax(String detail) {
        return new IotAgentException("WRONG_SYNTAX", HttpStatus.BAD_REQUEST, "Wrong syntax in request: " + detail);
    }

    public static IotAgentException invalidExpression(String expression, String why) {
        return new IotAgentException("INVALID_EXPRESSION", HttpStatus.BAD_REQUEST,
                "Invalid expression [" + expression + "]: " + why);
    }

    public static IotAgentException duplicateGroup(String resource, String apikey) {
        return new IotAgentException("DUPLICATE_GROUP", HttpStatus.CONFLICT,
                "A config group already exists for resource " + resource + " and API key " + apikey);
    }

    public static IotAgentException duplicateDevice(String deviceId) {
        return new IotAgentException("DUPLICATE_DEVICE_ID", HttpStatus.CONFLICT,
                "A device with the same service, service path and device id was found: " + deviceId);
    }

    public static IotAgentException groupNotFound(String resource, String apikey) {
        return new IotAgentException("DEVICE_GROUP_NOT_FOUND", HttpStatus.NOT_FOUND,
                "No config group was found for resource " + resource + " and API key " + apikey);
    }

    public static IotAgentException deviceNotFound(String deviceId) {
        return new IotAgentException("DEVICE_NOT_FOUND", HttpStatus.NOT_FOUND, "No device was found with id: " + deviceId);
    }

    public static IotAgentException of(String name, HttpStatus status, String message) {
        return new IotAgentException(name, status, message);
    }

    public String name() {
        return name;
    }

    public HttpStatus status() {
        return status;
    }
}
