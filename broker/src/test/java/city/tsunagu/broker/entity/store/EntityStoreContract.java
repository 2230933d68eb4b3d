package city.tsunagu.broker.entity.store;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.common.error.AlreadyExistsException;
import city.tsunagu.broker.common.error.NonexistentTenantException;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.store.StoreProperties;
import city.tsunagu.broker.tenant.Tenant;
import city.tsunagu.broker.tenant.TenantDatabases;
import com.mongodb.reactivestreams.client.MongoClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the entity store must do on any MongoDB server: run by the embedded store here and by a
 * real MongoDB in a container where Docker is available.
 */
abstract class EntityStoreContract {
    private static final String SPEED = "https://uri.etsi.org/ngsi-ld/default-context/speed";
    private static final String VEHICLE = "https://uri.etsi.org/ngsi-ld/default-context/Vehicle";

    protected abstract MongoClient client();

    private EntityStore store(String prefix) {
        return new EntityStore(new TenantDatabases(client(), new StoreProperties("x", Path.of("."), prefix)), List.of(), new EntityChanges());
    }

    private static Entity vehicle(String id, double speed) {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        Instant now = Instant.parse("2026-04-01T08:00:00.123Z");
        // a compound value with a dotted key and a $-key exercises the key encoding
        var value = JsonMapper.shared().readTree("{\"v\":" + speed + ",\"a.b\":1,\"$x\":\"y\"}");
        attrs.put(SPEED, List.of(new Attribute(AttributeKind.PROPERTY, value, null, "2026-04-01T08:00:00Z", "KMH", null,
                Map.of(), now, now)));
        return new Entity(id, List.of(VEHICLE), List.of("/Kanazawa"), attrs, now, now);
    }

    @Test
    void insertFindRoundTrip() {
        EntityStore store = store("contract-a");
        Entity entity = vehicle("urn:ngsi-ld:Vehicle:rt-" + System.nanoTime(), 12.5);
        StepVerifier.create(store.insert(Tenant.DEFAULT, entity)).verifyComplete();
        StepVerifier.create(store.find(Tenant.DEFAULT, entity.id()))
                .assertNext(stored -> {
                    assertThat(stored.entity()).isEqualTo(entity);
                    assertThat(stored.version()).isEqualTo(1);
                })
                .verifyComplete();
    }

    @Test
    void duplicateInsertIsAlreadyExists() {
        EntityStore store = store("contract-b");
        Entity entity = vehicle("urn:ngsi-ld:Vehicle:dup-" + System.nanoTime(), 1);
        StepVerifier.create(store.insert(Tenant.DEFAULT, entity)).verifyComplete();
        StepVerifier.create(store.insert(Tenant.DEFAULT, entity)).expectError(AlreadyExistsException.class).verify();
    }

    @Test
    void replaceIsCompareAndSet() {
        EntityStore store = store("contract-c");
        Entity entity = vehicle("urn:ngsi-ld:Vehicle:cas-" + System.nanoTime(), 1);
        StepVerifier.create(store.insert(Tenant.DEFAULT, entity)).verifyComplete();
        EntityStore.Stored read = new EntityStore.Stored(entity, 1);
        StepVerifier.create(store.replace(Tenant.DEFAULT, read, vehicle(entity.id(), 2))).expectNext(true).verifyComplete();
        // a writer that read version 1 loses against the one that already wrote
        StepVerifier.create(store.replace(Tenant.DEFAULT, read, vehicle(entity.id(), 3))).expectNext(false).verifyComplete();
        StepVerifier.create(store.find(Tenant.DEFAULT, entity.id()))
                .assertNext(s -> assertThat(s.entity().attributes().get(SPEED).get(0).value().path("v").asDouble()).isEqualTo(2))
                .verifyComplete();
    }

    @Test
    void tenantsAreSeparateDatabases() {
        EntityStore store = store("contract-d");
        Tenant tenant = new Tenant("urn:ngsi-ld:tenant:Kanazawa" + System.nanoTime());
        Entity entity = vehicle("urn:ngsi-ld:Vehicle:ten-" + System.nanoTime(), 1);
        StepVerifier.create(store.find(tenant, entity.id())).expectError(NonexistentTenantException.class).verify();
        StepVerifier.create(store.insert(tenant, entity)).verifyComplete();
        StepVerifier.create(store.find(tenant, entity.id())).expectNextCount(1).verifyComplete();
        StepVerifier.create(store.find(Tenant.DEFAULT, entity.id())).verifyComplete();
        StepVerifier.create(store.delete(tenant, entity.id())).expectNext(true).verifyComplete();
        StepVerifier.create(store.delete(tenant, entity.id())).expectNext(false).verifyComplete();
    }

    @Test
    void everyAcknowledgedWriteIsToldWithBeforeAndAfter() {
        EntityChanges changes = new EntityChanges();
        List<EntityChange> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        changes.listen(told::add);
        EntityStore store = new EntityStore(new TenantDatabases(client(), new StoreProperties("x", Path.of("."), "contract-e")),
                List.of(), changes);
        Entity first = vehicle("urn:ngsi-ld:Vehicle:told-" + System.nanoTime(), 1);
        Entity second = vehicle(first.id(), 2);
        StepVerifier.create(store.insert(Tenant.DEFAULT, first)).verifyComplete();
        StepVerifier.create(store.insert(Tenant.DEFAULT, first)).expectError(AlreadyExistsException.class).verify();
        StepVerifier.create(store.replace(Tenant.DEFAULT, new EntityStore.Stored(first, 1), second)).expectNext(true).verifyComplete();
        StepVerifier.create(store.replace(Tenant.DEFAULT, new EntityStore.Stored(first, 1), second)).expectNext(false).verifyComplete();
        StepVerifier.create(store.delete(Tenant.DEFAULT, new EntityStore.Stored(second, 1))).expectNext(false).verifyComplete();
        StepVerifier.create(store.delete(Tenant.DEFAULT, first.id())).expectNext(true).verifyComplete();
        StepVerifier.create(store.delete(Tenant.DEFAULT, first.id())).expectNext(false).verifyComplete();

        assertThat(told).hasSize(3); // the refused writes are not told
        assertThat(told.get(0).before()).isNull();
        assertThat(told.get(0).after()).isEqualTo(first);
        assertThat(told.get(1).before()).isEqualTo(first);
        assertThat(told.get(1).after()).isEqualTo(second);
        assertThat(told.get(2).before().attributes()).isEqualTo(second.attributes());
        assertThat(told.get(2).after()).isNull();
    }
}
