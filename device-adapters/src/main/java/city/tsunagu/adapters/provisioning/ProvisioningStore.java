package city.tsunagu.adapters.provisioning;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Config groups and devices in MongoDB, one collection each for every service; a group is
 * unique by (apikey, resource) across services, since a reading names only its apikey, and a
 * device by (service, service path, device id). Each document is the provisioned JSON with the
 * service fields filled in from the request headers.
 */
@Component
public class ProvisioningStore {
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final JsonMapper JSON = JsonMapper.shared();

    private final MongoCollection<Document> groups;
    private final MongoCollection<Document> devices;
    private final ProvisioningJson parser;
    private final Mono<Void> indexes;

    public ProvisioningStore(MongoDatabase registryDatabase, ProvisioningJson parser) {
        this.groups = registryDatabase.getCollection("groups");
        this.devices = registryDatabase.getCollection("devices");
        this.parser = parser;
        IndexOptions unique = new IndexOptions().unique(true);
        this.indexes = Mono.when(
                        Mono.from(groups.createIndex(Indexes.ascending("apikey", "resource"), unique)),
                        Mono.from(devices.createIndex(Indexes.ascending("service", "service_path", "device_id"), unique)))
                .cache();
    }

    // ---- config groups

    /** Adds the groups, all or none: 409 if any (apikey, resource) is taken, also within the list. */
    public Mono<Void> insertGroups(List<ConfigGroup> list) {
        List<Bson> keys = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ConfigGroup group : list) {
            if (!seen.add(group.apikey() + "\u0000" + group.resource())) {
                return Mono.error(IotAgentException.duplicateGroup(group.resource(), group.apikey()));
            }
            keys.add(groupKey(group.resource(), group.apikey()));
        }
        List<Document> documents = list.stream().map(this::groupDocument).toList();
        return indexes
                .then(Mono.from(groups.find(Filters.or(keys)).first()))
                .flatMap(existing -> Mono.<Void>error(IotAgentException.duplicateGroup(
                        existing.getString("resource"), existing.getString("apikey"))))
                .switchIfEmpty(insertAll(groups, documents, d -> IotAgentException.duplicateGroup(
                        d.getString("resource"), d.getString("apikey"))));
    }

    public Mono<Long> countGroups(ServiceScope scope) {
        return Mono.from(groups.countDocuments(scopeFilter(scope, "subservice")));
    }

    public Flux<ConfigGroup> groups(ServiceScope scope, int offset, int limit) {
        return Flux.from(groups.find(scopeFilter(scope, "subservice")).sort(new Document("_id", 1)).skip(offset).limit(limit))
                .map(this::group);
    }

    public Mono<ConfigGroup> group(ServiceScope scope, String resource, String apikey) {
        return Mono.from(groups.find(Filters.and(scopeFilter(scope, "subservice"), groupKey(resource, apikey))).first())
                .map(this::group);
    }

    /** The groups of an apikey, in any service: whose readings these are. */
    public Flux<ConfigGroup> groupsOfApikey(String apikey) {
        return Flux.from(groups.find(Filters.eq("apikey", apikey)).sort(new Document("_id", 1))).map(this::group);
    }

    /** Replaces the group stored under (resource, apikey) of the scope; empty if there is none. */
    public Mono<ConfigGroup> replaceGroup(ServiceScope scope, String resource, String apikey, ConfigGroup replacement) {
        Document document = groupDocument(replacement);
        return indexes.then(Mono.from(groups.findOneAndReplace(
                        Filters.and(scopeFilter(scope, "subservice"), groupKey(resource, apikey)), document)))
                .map(previous -> replacement)
                .onErrorMap(ProvisioningStore::isDuplicate,
                        e -> IotAgentException.duplicateGroup(replacement.resource(), replacement.apikey()));
    }

    public Mono<Boolean> deleteGroup(ServiceScope scope, String resource, String apikey) {
        return Mono.from(groups.deleteOne(Filters.and(scopeFilter(scope, "subservice"), groupKey(resource, apikey))))
                .map(result -> result.getDeletedCount() > 0);
    }

    // keys are plain documents, not $and: the embedded store's unique index serves only that shape,
    // and without it every lookup of a device read the whole collection
    private static Bson groupKey(String resource, String apikey) {
        return new Document("apikey", apikey).append("resource", resource);
    }

    private Document groupDocument(ConfigGroup group) {
        ObjectNode json = group.json().deepCopy();
        json.put("service", group.scope().service());
        json.put("subservice", group.scope().subservice());
        return document(json);
    }

    private ConfigGroup group(Document document) {
        ObjectNode json = json(document);
        return parser.group(new ServiceScope(json.path("service").asString(), json.path("subservice").asString()), json);
    }

    // ---- devices

    /** Adds the devices, all or none: 409 if any device id is taken in the scope, also within the list. */
    public Mono<Void> insertDevices(List<Device> list) {
        List<Bson> keys = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Device device : list) {
            if (!seen.add(device.deviceId())) {
                return Mono.error(IotAgentException.duplicateDevice(device.deviceId()));
            }
            keys.add(deviceKey(device.scope(), device.deviceId()));
        }
        List<Document> documents = list.stream().map(this::deviceDocument).toList();
        return indexes
                .then(Mono.from(devices.find(Filters.or(keys)).first()))
                .flatMap(existing -> Mono.<Void>error(IotAgentException.duplicateDevice(existing.getString("device_id"))))
                .switchIfEmpty(insertAll(devices, documents, d -> IotAgentException.duplicateDevice(d.getString("device_id"))));
    }

    public Mono<Long> countDevices(ServiceScope scope) {
        return Mono.from(devices.countDocuments(scopeFilter(scope, "service_path")));
    }

    public Flux<Device> devices(ServiceScope scope, int offset, int limit) {
        return Flux.from(devices.find(scopeFilter(scope, "service_path")).sort(new Document("_id", 1)).skip(offset).limit(limit))
                .map(this::device);
    }

    public Mono<Device> device(ServiceScope scope, String deviceId) {
        return Mono.from(devices.find(deviceKey(scope, deviceId)).first()).map(this::device);
    }

    /** A device provisioned with its own apikey (no config group needed), in any service. */
    public Mono<Device> deviceOfApikey(String apikey, String deviceId) {
        return Mono.from(devices.find(new Document("apikey", apikey).append("device_id", deviceId)).first()).map(this::device);
    }

    public Mono<Device> replaceDevice(Device replacement) {
        return Mono.from(devices.findOneAndReplace(deviceKey(replacement.scope(), replacement.deviceId()),
                        deviceDocument(replacement)))
                .map(previous -> replacement);
    }

    public Mono<Boolean> deleteDevice(ServiceScope scope, String deviceId) {
        return Mono.from(devices.deleteOne(deviceKey(scope, deviceId))).map(result -> result.getDeletedCount() > 0);
    }

    private static Bson deviceKey(ServiceScope scope, String deviceId) {
        return new Document("service", scope.service()).append("service_path", scope.subservice()).append("device_id", deviceId);
    }

    private Document deviceDocument(Device device) {
        ObjectNode json = device.json().deepCopy();
        json.put("service", device.scope().service());
        json.put("service_path", device.scope().subservice());
        return document(json);
    }

    private Device device(Document document) {
        ObjectNode json = json(document);
        return parser.device(new ServiceScope(json.path("service").asString(), json.path("service_path").asString()),
                json, null);
    }

    // ---- common

    private static Bson scopeFilter(ServiceScope scope, String pathField) {
        Bson service = Filters.eq("service", scope.service());
        return scope.allPaths() ? service : Filters.and(service, Filters.eq(pathField, scope.subservice()));
    }

    /**
     * Inserts with ids chosen here, so that when a concurrent request took one of the keys
     * between the check and the insert, the documents this request did insert can be removed.
     */
    private static Mono<Void> insertAll(MongoCollection<Document> collection, List<Document> documents,
                                        java.util.function.Function<Document, IotAgentException> duplicate) {
        List<ObjectId> ids = new ArrayList<>();
        for (Document document : documents) {
            ObjectId id = new ObjectId();
            document.put("_id", id);
            ids.add(id);
        }
        return Mono.from(collection.insertMany(documents)).then()
                .onErrorResume(ProvisioningStore::isDuplicate, e -> Mono.from(collection.deleteMany(Filters.in("_id", ids)))
                        .then(Mono.error(duplicate.apply(documents.get(failedIndex(e))))));
    }

    private static boolean isDuplicate(Throwable e) {
        if (e instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        return e instanceof MongoBulkWriteException bulk && bulk.getWriteErrors().stream()
                .anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
    }

    private static int failedIndex(Throwable e) {
        return e instanceof MongoBulkWriteException bulk && !bulk.getWriteErrors().isEmpty()
                ? bulk.getWriteErrors().get(0).getIndex() : 0;
    }

    private static Document document(ObjectNode json) {
        return Document.parse(JSON.writeValueAsString(json));
    }

    private static ObjectNode json(Document document) {
        document.remove("_id");
        return (ObjectNode) JSON.readTree(document.toJson(RELAXED));
    }
}
