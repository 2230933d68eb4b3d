package city.tsunagu.broker.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.ld.LdProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The matcher's index hands a change exactly the subscriptions whose selectors can select the
 * entity: the candidates must be those that select it by their selectors, checked here against
 * every subscription one by one.
 */
class SubscriptionIndexTest {
    private static final String VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static LdContext core;

    @BeforeAll
    static void context() {
        core = new LdContextResolver(LdProperties.defaults()).core();
    }

    private static CompiledSubscription subscription(String id, String entities) {
        ObjectNode members = (ObjectNode) JsonMapper.shared().readTree("""
                {"type": "Subscription", "entities": %s, "watchedAttributes": ["speed"],
                 "notification": {"endpoint": {"uri": "http://127.0.0.1:9/notify"}}}""".formatted(entities));
        StoredSubscription stored = new StoredSubscription(id, members, null, Instant.EPOCH, Instant.EPOCH,
                StoredSubscription.Delivery.NONE);
        return new CompiledSubscription(stored, core, core);
    }

    private static Entity entity(String id, String... types) {
        return new Entity(id, List.of(types).stream().map(t -> VOCAB + t).toList(), List.of(), Map.of(), Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void candidatesAreTheSubscriptionsWhoseSelectorsCanSelectTheEntity() {
        List<CompiledSubscription> subscriptions = new ArrayList<>(List.of(
                subscription("bus-7", "[{\"id\": \"urn:ngsi-ld:Vehicle:bus-7\", \"type\": \"Vehicle\"}]"),
                subscription("bus-7-or-dock-1", "[{\"id\": \"urn:ngsi-ld:Vehicle:bus-7\", \"type\": \"Vehicle\"},"
                        + " {\"id\": \"urn:ngsi-ld:BikeHireDockingStation:dock-1\", \"type\": \"BikeHireDockingStation\"}]"),
                subscription("all-vehicles", "[{\"type\": \"Vehicle\"}]"),
                subscription("loop-buses", "[{\"idPattern\": \"^urn:ngsi-ld:Vehicle:loop\", \"type\": \"Vehicle\"}]"),
                subscription("vehicles-or-docks", "[{\"type\": \"Vehicle|BikeHireDockingStation\"}]"),
                subscription("both-types", "[{\"type\": \"Vehicle;Bus\"}]"),
                subscription("expression", "[{\"idPattern\": \".*\", \"type\": \"(Vehicle;Bus)|AirQualityObserved\"}]")));
        SubscriptionIndex index = new SubscriptionIndex(subscriptions);

        List<Entity> entities = List.of(
                entity("urn:ngsi-ld:Vehicle:bus-7", "Vehicle"),
                entity("urn:ngsi-ld:Vehicle:bus-8", "Vehicle"),
                entity("urn:ngsi-ld:Vehicle:loop-1", "Vehicle", "Bus"),
                entity("urn:ngsi-ld:BikeHireDockingStation:dock-1", "BikeHireDockingStation"),
                entity("urn:ngsi-ld:AirQualityObserved:aq-1", "AirQualityObserved"));
        for (Entity entity : entities) {
            List<String> selecting = subscriptions.stream().filter(s -> s.selectsApartFromLinks(entity)).map(CompiledSubscription::id).toList();
            List<String> candidates = index.candidates(entity).stream().map(CompiledSubscription::id).toList();
            assertThat(candidates).as("candidates for %s", entity.id()).containsAll(selecting);
            // nothing is handed over that its selectors rule out, except what the index cannot tell apart
            assertThat(candidates.stream().filter(id -> !selecting.contains(id)))
                    .as("candidates for %s that do not select it", entity.id())
                    .isSubsetOf("loop-buses", "both-types", "expression");
        }
        assertThat(index.candidates(entity("urn:ngsi-ld:Vehicle:bus-8", "Vehicle")).stream().map(CompiledSubscription::id))
                .containsExactly("all-vehicles", "loop-buses", "vehicles-or-docks", "both-types", "expression");
        assertThat(index.candidates(entity("urn:ngsi-ld:AirQualityObserved:aq-1", "AirQualityObserved")).stream()
                .map(CompiledSubscription::id)).containsExactly("both-types", "expression");
    }
}
