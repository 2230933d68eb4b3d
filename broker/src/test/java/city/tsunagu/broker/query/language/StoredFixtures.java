package city.tsunagu.broker.query.language;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.store.EmbeddedStore;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fixture entities in the embedded store (mongo-java-server with its H2 backend), as
 * {@code EntityDocuments} writes them: started once for the test classes that query it, stopped
 * when the test JVM exits.
 */
final class StoredFixtures {
    static final MongoCollection<Document> COLLECTION = start();
    static final LinkedEntities FIXTURE = id -> Fixtures.ENTITIES.stream().filter(e -> e.id().equals(id)).findFirst();

    private StoredFixtures() {
    }

    private static MongoCollection<Document> start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tsunagu-query-language");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedStore server = EmbeddedStore.start(dir, 0);
        MongoClient client = MongoClients.create(server.connectionString());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            client.close();
            server.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        }));
        return insert(client.getDatabase("querylanguage").getCollection("entities"));
    }

    /** Stores the fixture entities in a collection, as EntityDocuments writes them. */
    static MongoCollection<Document> insert(MongoCollection<Document> collection) {
        List<Document> documents = Fixtures.ENTITIES.stream().map(e -> EntityDocuments.toDocument(e, 1)).toList();
        Mono.from(collection.insertMany(documents)).block();
        return collection;
    }

    /**
     * Asserts that the store and {@code matches} agree on a condition: the filter selects a
     * superset of what {@code matches} accepts on the fixture, re-checking the stored documents
     * gives exactly that, and an exact filter selects exactly that. Returns whether it was exact.
     */
    static boolean agree(String label, Condition condition) {
        return agree(COLLECTION, label, condition);
    }

    static boolean agree(MongoCollection<Document> collection, String label, Condition condition) {
        EntityFilter filter = EntityFilter.of(condition);
        List<Document> documents = Flux.from(collection.find(filter.bson())).collectList().block();
        Set<String> fromStore = new TreeSet<>();
        Set<String> rechecked = new TreeSet<>();
        for (Document document : documents) {
            Entity entity = EntityDocuments.toEntity(document);
            fromStore.add(entity.id());
            if (condition.matches(entity, FIXTURE)) {
                rechecked.add(entity.id());
            }
        }
        Set<String> expected = Fixtures.matching(condition);
        assertThat(fromStore).as("%s: the filter %s selects a superset", label, filter).containsAll(expected);
        assertThat(rechecked).as("%s: matches on stored documents", label).isEqualTo(expected);
        if (filter.exact()) {
            assertThat(fromStore).as("%s: the filter %s", label, filter).isEqualTo(expected);
        }
        return filter.exact();
    }
}
