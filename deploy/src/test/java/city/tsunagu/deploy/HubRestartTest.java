package city.tsunagu.deploy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/**
 * What the hub stored (entities, and the adapters' provisioning) is still there after it stops
 * and starts again on the same data directory.
 */
class HubRestartTest {
    private static final String BUS = "urn:ngsi-ld:Vehicle:bus-1";

    @TempDir
    Path dataDir;

    @Test
    void keepsEntitiesAndProvisioningAcrossARestart() {
        try (RunningHub hub = RunningHub.start(dataDir)) {
            hub.client().post().uri("/ngsi-ld/v1/entities")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("""
                            {"id":"urn:ngsi-ld:Vehicle:bus-1","type":"Vehicle","speed":{"type":"Property","value":32.5}}
                            """)
                    .exchange()
                    .expectStatus().isCreated();
            hub.provisioning().post().uri("/iot/groups").header("fiware-service", "kanazawa").header("fiware-servicepath", "/")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("""
                            {"groups": [{"apikey": "bus-key", "resource": "", "entity_type": "Vehicle"}]}""")
                    .exchange()
                    .expectStatus().isCreated();
        }

        try (RunningHub hub = RunningHub.start(dataDir)) {
            hub.provisioning().get().uri("/iot/groups").header("fiware-service", "kanazawa").header("fiware-servicepath", "/")
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.groups[0].apikey").isEqualTo("bus-key");
            hub.client().get().uri("/ngsi-ld/v1/entities/{id}", BUS)
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.id").isEqualTo(BUS)
                    .jsonPath("$.type").isEqualTo("Vehicle")
                    .jsonPath("$.speed.value").isEqualTo(32.5);
        }
    }
}
