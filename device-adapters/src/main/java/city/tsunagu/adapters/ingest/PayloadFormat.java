package city.tsunagu.adapters.ingest;

/** The payload formats of the IoT Agents that the adapters read. */
public enum PayloadFormat {
    /** IoT Agent JSON. */
    JSON,
    /** UltraLight 2.0. */
    ULTRALIGHT
}
