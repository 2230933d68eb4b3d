package city.tsunagu.deploy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A device adapters' port (MQTT, provisioning API, CoAP) that another program already uses. */
class AdapterPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<AdapterPorts.InUseException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AdapterPorts.InUseException cause) {
        return new FailureAnalysis(cause.getMessage() + ". Another program listens there"
                + (cause.variable().equals("TSUNAGU_MQTT_PORT") ? " (often an MQTT broker such as Debian's mosquitto service)." : "."),
                "Stop that program, or set " + cause.variable() + " to a free port, or TSUNAGU_ADAPTERS=false to run the hub"
                        + " without the device adapters.",
                cause);
    }
}
