package city.tsunagu.broker.query.language;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.ld.LdProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The entities of {@code query/language/entities.jsonld}, parsed with the core @context. */
final class Fixtures {
    static final String DEFAULT = "https://uri.etsi.org/ngsi-ld/default-context/";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final LdContextResolver RESOLVER = new LdContextResolver(LdProperties.defaults());
    static final LdContext CORE = RESOLVER.core();
    static final List<Entity> ENTITIES = load();

    private Fixtures() {
    }

    static String iri(String term) {
        return CORE.expand(term);
    }

    static Entity entity(String id) {
        return ENTITIES.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    /** The ids of the fixture entities a condition matches, in order. */
    static Set<String> matching(Condition condition) {
        Set<String> ids = new TreeSet<>();
        for (Entity entity : ENTITIES) {
            if (condition.matches(entity, id -> ENTITIES.stream().filter(e -> e.id().equals(id)).findFirst())) {
                ids.add(entity.id());
            }
        }
        return ids;
    }

    private static List<Entity> load() {
        JsonNode array;
        try (InputStream in = Fixtures.class.getResourceAsStream("/query/language/entities.jsonld")) {
            array = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EntityParser parser = new EntityParser();
        List<Entity> entities = new ArrayList<>();
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        int n = 0;
        for (JsonNode node : array) {
            Entity entity = parser.parseEntity(node, CORE);
            Instant created = base.plusSeconds(3600L * n).plusMillis(n);
            Instant modified = created.plusSeconds(60).plusMillis(7);
            Map<String, List<Attribute>> attributes = new LinkedHashMap<>();
            int a = 0;
            for (Map.Entry<String, List<Attribute>> entry : entity.attributes().entrySet()) {
                List<Attribute> instances = new ArrayList<>();
                for (Attribute instance : entry.getValue()) {
                    instances.add(instance.withTimestamps(created.plusSeconds(a), modified.plusSeconds(a)));
                    a++;
                }
                attributes.put(entry.getKey(), instances);
            }
            entities.add(entity.withAttributes(attributes).withTimestamps(created, modified));
            n++;
        }
        return List.copyOf(entities);
    }
}
