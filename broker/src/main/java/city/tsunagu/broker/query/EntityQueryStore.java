package city.tsunagu.broker.query;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.entity.store.EntityStore;
import city.tsunagu.broker.entity.store.KeyCodec;
import city.tsunagu.broker.tenant.Tenant;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs {@link EntityQuery}s as MongoDB filters on the indexed id and type fields. */
@Repository
public class EntityQueryStore {
    private final EntityStore entities;

    public EntityQueryStore(EntityStore entities) {
        this.entities = entities;
    }

    /** One page of matching entities, in id order so that pages are stable. */
    public Flux<Entity> find(Tenant tenant, EntityQuery query) {
        if (query.limit() == 0) {
            return Flux.empty();
        }
        return entities.collectionForRead(tenant).flatMapMany(c -> Flux.from(c.find(filter(query))
                        .sort(Sorts.ascending(EntityDocuments.ID))
                        .skip(query.offset())
                        .limit(query.limit())))
                .map(EntityDocuments::toEntity);
    }

    public Mono<Long> count(Tenant tenant, EntityQuery query) {
        return entities.collectionForRead(tenant).flatMap(c -> Mono.from(c.countDocuments(filter(query))));
    }

    static Bson filter(EntityQuery query) {
        List<Bson> filters = new ArrayList<>();
        if (!query.ids().isEmpty()) {
            filters.add(Filters.in(EntityDocuments.ID, query.ids()));
        }
        if (query.idPattern() != null) {
            filters.add(Filters.regex(EntityDocuments.ID, query.idPattern()));
        }
        if (!query.types().isEmpty()) {
            filters.add(Filters.in(EntityDocuments.TYPE, query.types()));
        }
        if (!query.attrs().isEmpty()) {
            List<Bson> any = new ArrayList<>();
            query.attrs().forEach(a -> any.add(Filters.exists(EntityDocuments.ATTRS + "." + KeyCodec.encode(a))));
            filters.add(any.size() == 1 ? any.get(0) : Filters.or(any));
        }
        return filters.isEmpty() ? new Document() : Filters.and(filters);
    }
}
