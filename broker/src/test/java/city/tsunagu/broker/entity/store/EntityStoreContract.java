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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
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
    void concurrentReadsEachGetTheirEntity() {
        EntityStore store = store("contract-f");
        List<Entity> vehicles = IntStream.range(0, 200)
                .mapToObj(i -> vehicle("urn:ngsi-ld:Vehicle:read-" + i + "-" + System.nanoTime(), i)).toList();
        Flux.fromIterable(vehicles).flatMap(v -> store.insert(Tenant.DEFAULT, v)).blockLast();
        // every id twice and a missing one between them, all at once
        List<String> ids = new ArrayList<>();
        vehicles.forEach(v -> ids.addAll(List.of(v.id(), "urn:ngsi-ld:Vehicle:missing-" + v.id(), v.id())));
        Map<String, List<Entity>> read = Flux.fromIterable(ids)
                .flatMap(id -> store.find(Tenant.DEFAULT, id).map(stored -> Map.entry(id, stored.entity())), 256)
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
                .map(m -> m.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()))))
                .block();
        assertThat(read).hasSize(vehicles.size());
        vehicles.forEach(v -> assertThat(read.get(v.id())).containsExactly(v, v));
    }

    @Test
    void concurrentReplacementsOfOneVersionHaveExactlyOneWinner() {
        EntityStore store = store("contract-g");
        Entity entity = vehicle("urn:ngsi-ld:Vehicle:race-" + System.nanoTime(), 0);
        StepVerifier.create(store.insert(Tenant.DEFAULT, entity)).verifyComplete();
        EntityStore.Stored read = store.find(Tenant.DEFAULT, entity.id()).block();
        // 50 writers that all read version 1, all at once
        List<Boolean> outcomes = Flux.range(1, 50)
                .flatMap(i -> store.replace(Tenant.DEFAULT, read, vehicle(entity.id(), i)), 50)
                .collectList().block();
        assertThat(outcomes).hasSize(50).containsOnlyOnce(true);
        EntityStore.Stored after = store.find(Tenant.DEFAULT, entity.id()).block();
        assertThat(after.version()).isEqualTo(2);
    }

    @Test
    void concurrentReplacementsOfDifferentEntitiesAllWin() {
        EntityStore store = store("contract-h");
        List<Entity> vehicles = IntStream.range(0, 300)
                .mapToObj(i -> vehicle("urn:ngsi-ld:Vehicle:many-" + i + "-" + System.nanoTime(), i)).toList();
        Flux.fromIterable(vehicles).flatMap(v -> store.insert(Tenant.DEFAULT, v)).blockLast();
        // three rounds: each replacement reads what the previous round wrote (version and write tokens)
        for (int round = 1; round <= 3; round++) {
            int r = round;
            List<Boolean> outcomes = Flux.fromIterable(vehicles)
                    .flatMap(v -> store.find(Tenant.DEFAULT, v.id())
                            .flatMap(stored -> store.replace(Tenant.DEFAULT, stored, vehicle(v.id(), 1000 * r + speed(v)))), 256)
                    .collectList().block();
            assertThat(outcomes).hasSize(vehicles.size()).containsOnly(true);
        }
        for (Entity v : vehicles) {
            EntityStore.Stored stored = store.find(Tenant.DEFAULT, v.id()).block();
            assertThat(stored.version()).isEqualTo(4);
            assertThat(speed(stored.entity())).isEqualTo(3000 + speed(v));
        }
    }

    private static double speed(Entity vehicle) {
        return vehicle.attributes().get(SPEED).get(0).value().path("v").asDouble();
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
