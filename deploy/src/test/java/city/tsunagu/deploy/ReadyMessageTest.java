package city.tsunagu.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.store.StoreProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ReadyMessageTest {
    private final StoreProperties embedded = new StoreProperties(null, Path.of("/srv/tsunagu"), "tsunagu");

    @Test
    void showsAWildcardAddressAsLocalhost() {
        MockEnvironment environment = new MockEnvironment().withProperty("server.address", "0.0.0.0");

        String text = new ReadyMessage(environment, embedded, null).text(1026);

        assertThat(text).contains("Tsunagu is up: NGSI-LD API at http://localhost:1026/ngsi-ld/v1");
        assertThat(text).contains("curl http://localhost:1026/ngsi-ld/v1/entities/urn:ngsi-ld:Vehicle:bus-1");
        assertThat(text).contains("embedded, data in /srv/tsunagu");
    }

    @Test
    void showsAConfiguredAddress() {
        MockEnvironment environment = new MockEnvironment().withProperty("server.address", "192.0.2.7");

        assertThat(new ReadyMessage(environment, embedded, null).text(8080)).contains("http://192.0.2.7:8080/ngsi-ld/v1");
    }

    @Test
    void namesTheMongoHostsButNotTheCredentials() {
        StoreProperties mongo = new StoreProperties("mongodb://city:secret@db1:27017,db2:27017/?replicaSet=rs0",
                Path.of("./data"), "tsunagu");

        String text = new ReadyMessage(new MockEnvironment(), mongo, null).text(1026);

        assertThat(text).contains("MongoDB at db1:27017,db2:27017").doesNotContain("secret");
    }

    @Test
    void namesTheDeviceAdaptersPorts() {
        MockEnvironment environment = new MockEnvironment().withProperty("server.address", "0.0.0.0");

        String text = new ReadyMessage(environment, embedded, null).adaptersText(4041, 1883, 5683, true);

        assertThat(text).contains("http://localhost:4041/iot/groups").contains("localhost:1883")
                .contains("coap://localhost:5683/iot/json?k=<apikey>&i=<device>")
                .contains("/ngsi-ld/v1/entities?type=Vehicle");
    }
}
