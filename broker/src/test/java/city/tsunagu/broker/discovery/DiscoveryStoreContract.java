package city.tsunagu.broker.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.common.error.NonexistentTenantException;
import city.tsunagu.broker.discovery.model.AttributeInfo;
import city.tsunagu.broker.discovery.model.AttributeSummary;
import city.tsunagu.broker.discovery.model.EntityType;
import city.tsunagu.broker.discovery.store.DiscoveryStore;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityChanges;
import city.tsunagu.broker.entity.store.EntityStore;
import city.tsunagu.broker.store.StoreProperties;
import city.tsunagu.broker.tenant.Tenant;
import city.tsunagu.broker.tenant.TenantDatabases;
import com.mongodb.reactivestreams.client.MongoClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What the discovery pipelines must answer on any MongoDB server: run by the embedded store here
 * and by a real MongoDB in a container where Docker is available, so that no stage or operator
 * only one of them implements slips in.
 */
abstract class DiscoveryStoreContract {
    private static final String NS = "https://example.org/ns#";
    private static final String VEHICLE = NS + "Vehicle";
    private static final String BUS = NS + "Bus";
    private static final String STATION = NS + "Station";
    private static final String EMPTY = NS + "Empty";
    /** Dots in attribute names are encoded in document keys and must come back decoded. */
    private static final String SPEED = "https://uri.etsi.org/ngsi-ld/default-context/speed";
    private static final String NAME = NS + "name";
    private static final String DRIVER = NS + "driver";

    protected abstract MongoClient client();

    private DiscoveryStore discovery;
    private final Tenant tenant = new Tenant("discovery-contract-" + System.nanoTime());

    @BeforeEach
    void entities() {
        EntityStore store = new EntityStore(new TenantDatabases(client(), new StoreProperties("x", Path.of("."), "disc")), List.of(), new EntityChanges());
        discovery = new DiscoveryStore(store);
        Flux.just(
                        entity("urn:ngsi-ld:Vehicle:1", List.of(VEHICLE, BUS),
                                Map.of(SPEED, List.of(property(null), property("urn:ngsi-ld:Dataset:gps")),
                                        DRIVER, List.of(relationship()))),
                        entity("urn:ngsi-ld:Vehicle:2", List.of(VEHICLE), Map.of(SPEED, List.of(property(null)),
                                NAME, List.of(property(null)))),
                        entity("urn:ngsi-ld:Station:1", List.of(STATION), Map.of(NAME, List.of(property(null)))),
                        entity("urn:ngsi-ld:Empty:1", List.of(EMPTY), Map.of()))
                .concatMap(e -> store.insert(tenant, e))
                .blockLast();
    }

    @Test
    void entityTypes() {
        StepVerifier.create(discovery.entityTypes(tenant).collect(Collectors.toSet()))
                .expectNext(Set.of(VEHICLE, BUS, STATION, EMPTY))
                .verifyComplete();
    }

    @Test
    void entityTypeDetails() {
        StepVerifier.create(discovery.entityTypeDetails(tenant).collectMap(EntityType::type, EntityType::attributeNames))
                .expectNext(Map.of(VEHICLE, Set.of(SPEED, DRIVER, NAME), BUS, Set.of(SPEED, DRIVER), STATION, Set.of(NAME),
                        EMPTY, Set.of()))
                .verifyComplete();
    }

    @Test
    void entityTypeInfo() {
        StepVerifier.create(discovery.entityTypeInfo(tenant, VEHICLE))
                .assertNext(info -> {
                    assertThat(info.type()).isEqualTo(VEHICLE);
                    assertThat(info.entityCount()).isEqualTo(2);
                    assertThat(info.attributeDetails()).isEqualTo(Map.of(
                            SPEED, Set.of(AttributeKind.PROPERTY),
                            DRIVER, Set.of(AttributeKind.RELATIONSHIP),
                            NAME, Set.of(AttributeKind.PROPERTY)));
                })
                .verifyComplete();
        StepVerifier.create(discovery.entityTypeInfo(tenant, EMPTY))
                .assertNext(info -> {
                    assertThat(info.entityCount()).isEqualTo(1);
                    assertThat(info.attributeDetails()).isEmpty();
                })
                .verifyComplete();
        StepVerifier.create(discovery.entityTypeInfo(tenant, NS + "Unknown")).verifyComplete();
    }

    @Test
    void attributeNames() {
        StepVerifier.create(discovery.attributeNames(tenant).collect(Collectors.toSet()))
                .expectNext(Set.of(SPEED, NAME, DRIVER))
                .verifyComplete();
    }

    @Test
    void attributeDetails() {
        StepVerifier.create(discovery.attributeDetails(tenant).collectMap(AttributeSummary::name, AttributeSummary::typeNames))
                .expectNext(Map.of(SPEED, Set.of(VEHICLE, BUS), DRIVER, Set.of(VEHICLE, BUS), NAME, Set.of(VEHICLE, STATION)))
                .verifyComplete();
    }

    @Test
    void attributeInfoCountsInstances() {
        StepVerifier.create(discovery.attributeInfo(tenant, SPEED))
                .expectNext(new AttributeInfo(SPEED, 3, Set.of(AttributeKind.PROPERTY), Set.of(VEHICLE, BUS)))
                .verifyComplete();
        StepVerifier.create(discovery.attributeInfo(tenant, NAME))
                .expectNext(new AttributeInfo(NAME, 2, Set.of(AttributeKind.PROPERTY), Set.of(VEHICLE, STATION)))
                .verifyComplete();
        StepVerifier.create(discovery.attributeInfo(tenant, NS + "unknown")).verifyComplete();
    }

    @Test
    void unknownTenant() {
        Tenant nobody = new Tenant("discovery-nobody-" + System.nanoTime());
        StepVerifier.create(discovery.attributeNames(nobody)).expectError(NonexistentTenantException.class).verify();
        StepVerifier.create(discovery.entityTypes(nobody)).expectError(NonexistentTenantException.class).verify();
    }

    private static Entity entity(String id, List<String> types, Map<String, List<Attribute>> attributes) {
        Instant now = Instant.parse("2026-04-01T08:00:00Z");
        return new Entity(id, types, List.of(), new LinkedHashMap<>(attributes), now, now);
    }

    private static Attribute property(String datasetId) {
        return new Attribute(AttributeKind.PROPERTY, JsonNodeFactory.instance.numberNode(1), datasetId, null, null, null,
                Map.of(), null, null);
    }

    private static Attribute relationship() {
        return new Attribute(AttributeKind.RELATIONSHIP, JsonNodeFactory.instance.stringNode("urn:ngsi-ld:Person:1"), null,
                null, null, null, Map.of(), null, null);
    }
}
