package city.tsunagu.broker.temporal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.store.StoreProperties;
import city.tsunagu.broker.temporal.TemporalInstance;
import city.tsunagu.broker.tenant.Tenant;
import city.tsunagu.broker.tenant.TenantDatabases;
import com.mongodb.reactivestreams.client.MongoClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What the history store must do on any MongoDB server: run on the embedded store here and on a
 * real MongoDB in a container where Docker is available. Summaries are checked against figures
 * computed here from the instances written.
 */
abstract class TemporalStoreContract {
    private static final String NO2 = "https://smartdatamodels.org/dataModel.Environment/NO2";
    private static final String TEMPERATURE = "https://smartdatamodels.org/dataModel.Environment/temperature";
    private static final String AIR_QUALITY = "https://smartdatamodels.org/dataModel.Environment/AirQualityObserved";
    private static final Instant EIGHT = Instant.parse("2026-05-01T08:00:00Z");

    protected abstract MongoClient client();

    private TemporalStore store(String prefix) {
        return new TemporalStore(new TenantDatabases(client(), new StoreProperties("x", Path.of("."), prefix)));
    }

    private static TemporalInstance reading(String entityId, String attribute, double value, Instant observedAt) {
        return reading(entityId, attribute, value, observedAt, null);
    }

    private static TemporalInstance reading(String entityId, String attribute, double value, Instant observedAt, String datasetId) {
        Attribute attr = new Attribute(AttributeKind.PROPERTY, JsonNodeFactory.instance.numberNode(value), datasetId,
                observedAt.toString(), null, null, Map.of(), observedAt, observedAt);
        return TemporalInstance.of(entityId, attribute, attr);
    }

    private static String station(String name) {
        return "urn:ngsi-ld:AirQualityObserved:" + name + "-" + System.nanoTime();
    }

    @Test
    void instancesComeBackByRangeAndBucketsSummariseThem() {
        TemporalStore store = store("tcontract-a");
        String id = station("korinbo");
        // three hours, written out of order in two writes: 08:50, 08:10, 10:05 then 09:30, 08:30
        List<TemporalInstance> first = List.of(reading(id, NO2, 21.5, EIGHT.plusSeconds(50 * 60)),
                reading(id, NO2, 18.0, EIGHT.plusSeconds(10 * 60)), reading(id, NO2, 40.25, EIGHT.plusSeconds(125 * 60)));
        List<TemporalInstance> second = List.of(reading(id, NO2, 33.0, EIGHT.plusSeconds(90 * 60)),
                reading(id, NO2, 19.5, EIGHT.plusSeconds(30 * 60)), reading(id, TEMPERATURE, 12.0, EIGHT));
        store.append(Tenant.DEFAULT, first).block();
        store.append(Tenant.DEFAULT, second).block();

        List<TemporalInstance> all = new ArrayList<>(first);
        all.addAll(second);
        List<String> no2 = all.stream().filter(i -> i.attribute().equals(NO2)).map(TemporalInstance::instanceId).sorted().toList();
        assertThat(ids(store.instances(Tenant.DEFAULT, id, List.of(NO2), null, null))).isEqualTo(no2);
        // the buckets overlapping [09:15, 10:00) are the 09:00 one only
        assertThat(store.instances(Tenant.DEFAULT, id, List.of(NO2), EIGHT.plusSeconds(75 * 60), EIGHT.plusSeconds(120 * 60))
                .map(i -> i.value().value().asDouble()).collectList().block()).containsExactly(33.0);
        assertThat(ids(store.instances(Tenant.DEFAULT, id, List.of(), null, null))).hasSize(6);

        List<Bucket> buckets = store.buckets(Tenant.DEFAULT, id, List.of(NO2), null, null)
                .sort(Comparator.comparing(Bucket::start)).collectList().block();
        assertThat(buckets).extracting(Bucket::start).containsExactly(EIGHT, EIGHT.plusSeconds(3600), EIGHT.plusSeconds(7200));
        Bucket eight = buckets.get(0);
        assertThat(eight.count()).isEqualTo(3);
        assertThat(eight.first()).isEqualTo(EIGHT.plusSeconds(10 * 60));
        assertThat(eight.last()).isEqualTo(EIGHT.plusSeconds(50 * 60));
        assertThat(eight.numbers().min()).isEqualTo(18.0);
        assertThat(eight.numbers().max()).isEqualTo(21.5);
        assertThat(eight.numbers().sum()).isCloseTo(18.0 + 19.5 + 21.5, within(1e-12));
        assertThat(eight.numbers().sumsq()).isCloseTo(18.0 * 18.0 + 19.5 * 19.5 + 21.5 * 21.5, within(1e-9));
        assertThat(buckets.get(2).numbers().count()).isEqualTo(1);
    }

    @Test
    void concurrentFirstWritesToOneBucketAreAllKept() {
        TemporalStore store = store("tcontract-b");
        String id = station("kenrokuen");
        List<TemporalInstance> readings = IntStream.range(0, 24)
                .mapToObj(i -> reading(id, NO2, i, EIGHT.plusSeconds(60L * i))).toList();

        Flux.fromIterable(readings).flatMap(r -> store.append(Tenant.DEFAULT, List.of(r)), 24).blockLast();

        assertThat(ids(store.instances(Tenant.DEFAULT, id, List.of(NO2), null, null))).hasSize(24);
        Bucket bucket = store.buckets(Tenant.DEFAULT, id, List.of(NO2), null, null).single().block();
        // the summary is the one of the last revision, whichever write finished last
        assertThat(bucket.count()).isEqualTo(24);
        assertThat(bucket.numbers().sum()).isEqualTo(IntStream.range(0, 24).sum());
        assertThat(bucket.numbers().max()).isEqualTo(23.0);
    }

    @Test
    void twoBrokersAddingToOneSummaryAgreeOnItsShiftAndKeepItExact() {
        // two stores on the same database stand for two broker instances: the second does not know
        // the shift the first chose, and its first update must find out and use it
        TemporalStore one = store("tcontract-f");
        TemporalStore two = store("tcontract-f");
        String id = station("pressure");
        double[] values = new double[40];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1013.25 + (i % 7) * 0.01 - (i % 3) * 0.004;
            // two attributes per write after the first ten: several summaries in one bulk write
            List<TemporalInstance> write = i < 10 ? List.of(reading(id, NO2, values[i], EIGHT.plusSeconds(60L * i)))
                    : List.of(reading(id, NO2, values[i], EIGHT.plusSeconds(60L * i)), reading(id, TEMPERATURE, -values[i], EIGHT.plusSeconds(60L * i)));
            (i % 2 == 0 ? one : two).append(Tenant.DEFAULT, write).block();
        }

        Bucket temperature = store("tcontract-f").buckets(Tenant.DEFAULT, id, List.of(TEMPERATURE), null, null).single().block();
        double temperatureMean = -java.util.Arrays.stream(values, 10, 40).average().orElseThrow();
        assertThat(temperature.count()).isEqualTo(30);
        assertThat(temperature.numbers().mean()).isCloseTo(temperatureMean, within(Math.abs(temperatureMean) * 1e-12));
        Bucket bucket = store("tcontract-f").buckets(Tenant.DEFAULT, id, List.of(NO2), null, null).single().block();
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double m2 = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        assertThat(bucket.count()).isEqualTo(40);
        assertThat(bucket.numbers().mean()).isCloseTo(mean, within(Math.abs(mean) * 1e-12));
        // sum minus square of sums would leave about 6 correct digits here
        assertThat(bucket.numbers().m2()).isCloseTo(m2, within(m2 * 1e-9));
        assertThat(bucket.numbers().min()).isEqualTo(java.util.Arrays.stream(values).min().orElseThrow());
    }

    @Test
    void aSummaryOfTheFirstVersionIsReadAndRebuiltOnTheNextAppend() {
        TemporalStore store = store("tcontract-g");
        String id = station("old");
        TemporalInstance first = reading(id, NO2, 10, EIGHT.plusSeconds(60));
        store.append(Tenant.DEFAULT, List.of(first)).block();
        // the summary as the first version wrote it: sums and mean/M2, no shift
        var summaries = client().getDatabase("tcontract-g").getCollection(TemporalStore.SUMMARIES);
        org.bson.Document old = reactor.core.publisher.Mono.from(summaries.find().first()).block();
        old.remove("k");
        old.remove("s1");
        old.remove("s2");
        old.append("sum", 10.0).append("sumsq", 100.0).append("mean", 10.0).append("m2", 0.0);
        reactor.core.publisher.Mono.from(summaries.replaceOne(new org.bson.Document("_id", old.get("_id")), old)).block();
        assertThat(store("tcontract-g").buckets(Tenant.DEFAULT, id, List.of(NO2), null, null).single().block().numbers().sum())
                .isEqualTo(10.0);

        store("tcontract-g").append(Tenant.DEFAULT, List.of(reading(id, NO2, 20, EIGHT.plusSeconds(120)))).block();

        Bucket bucket = store.buckets(Tenant.DEFAULT, id, List.of(NO2), null, null).single().block();
        assertThat(bucket.count()).isEqualTo(2);
        assertThat(bucket.numbers().sum()).isEqualTo(30.0);
        assertThat(bucket.numbers().m2()).isCloseTo(50.0, within(1e-12));
    }

    @Test
    void removingInstancesUpdatesOrDropsTheirBucket() {
        TemporalStore store = store("tcontract-c");
        String id = station("station");
        TemporalInstance low = reading(id, NO2, 5.0, EIGHT.plusSeconds(60));
        TemporalInstance high = reading(id, NO2, 50.0, EIGHT.plusSeconds(120));
        TemporalInstance later = reading(id, NO2, 7.0, EIGHT.plusSeconds(3600 + 60));
        store.append(Tenant.DEFAULT, List.of(low, high, later)).block();

        assertThat(store.removeInstance(Tenant.DEFAULT, id, NO2, high.instanceId()).block().instanceId()).isEqualTo(high.instanceId());
        assertThat(store.removeInstance(Tenant.DEFAULT, id, NO2, "urn:ngsi-ld:attribute:instance:none").blockOptional()).isEmpty();
        Bucket eight = store.buckets(Tenant.DEFAULT, id, List.of(NO2), EIGHT, EIGHT.plusSeconds(3600)).single().block();
        assertThat(eight.count()).isEqualTo(1);
        assertThat(eight.numbers().max()).isEqualTo(5.0);

        store.removeInstance(Tenant.DEFAULT, id, NO2, later.instanceId()).block();
        assertThat(store.buckets(Tenant.DEFAULT, id, List.of(NO2), null, null).map(Bucket::start).collectList().block())
                .containsExactly(EIGHT);
        assertThat(ids(store.instances(Tenant.DEFAULT, id, List.of(NO2), null, null))).containsExactly(low.instanceId());
    }

    @Test
    void attributesEntitiesAndDatasetsAreDeletedSeparately() {
        TemporalStore store = store("tcontract-d");
        String id = station("omicho");
        store.append(Tenant.DEFAULT, List.of(reading(id, NO2, 1, EIGHT), reading(id, NO2, 2, EIGHT, "urn:ngsi-ld:Dataset:b"),
                reading(id, TEMPERATURE, 3, EIGHT))).block();
        Entity state = new Entity(id, List.of(AIR_QUALITY), List.of(), Map.of(), EIGHT, EIGHT);
        store.putEntity(Tenant.DEFAULT, state).block();
        assertThat(store.findEntity(Tenant.DEFAULT, id).block().types()).containsExactly(AIR_QUALITY);

        assertThat(store.deleteAttribute(Tenant.DEFAULT, id, NO2, "urn:ngsi-ld:Dataset:b", false).block()).isTrue();
        assertThat(store.instances(Tenant.DEFAULT, id, List.of(NO2), null, null).map(i -> i.value().value().asDouble())
                .collectList().block()).containsExactly(1.0);
        assertThat(store.deleteAttribute(Tenant.DEFAULT, id, NO2, null, true).block()).isTrue();
        assertThat(store.deleteAttribute(Tenant.DEFAULT, id, NO2, null, true).block()).isFalse();
        assertThat(store.buckets(Tenant.DEFAULT, id, List.of(), null, null).map(Bucket::attribute).collectList().block())
                .containsExactly(TEMPERATURE);

        assertThat(store.deleteEntity(Tenant.DEFAULT, id).block()).isTrue();
        assertThat(store.findEntity(Tenant.DEFAULT, id).blockOptional()).isEmpty();
        assertThat(ids(store.instances(Tenant.DEFAULT, id, List.of(), null, null))).isEmpty();
        assertThat(store.deleteEntity(Tenant.DEFAULT, id).block()).isFalse();
    }

    @Test
    void retentionDeletesOldBucketsOfEveryTenantAndTenantsAreSeparate() {
        TemporalStore store = store("tcontract-e");
        Tenant kanazawa = new Tenant("kanazawa");
        String id = station("station");
        Instant old = EIGHT.minus(Duration.ofDays(40));
        store.append(Tenant.DEFAULT, List.of(reading(id, NO2, 1, old), reading(id, NO2, 2, EIGHT))).block();
        store.append(kanazawa, List.of(reading(id, NO2, 3, old), reading(id, NO2, 4, EIGHT))).block();

        assertThat(values(store, kanazawa, id)).containsExactlyInAnyOrder(3.0, 4.0);
        assertThat(store.deleteBefore(EIGHT.minus(Duration.ofDays(30))).block()).isEqualTo(2);

        assertThat(values(store, Tenant.DEFAULT, id)).containsExactly(2.0);
        assertThat(values(store, kanazawa, id)).containsExactly(4.0);
        assertThat(store.buckets(kanazawa, id, List.of(), null, null).map(Bucket::start).collectList().block()).containsExactly(EIGHT);
    }

    private static List<Double> values(TemporalStore store, Tenant tenant, String id) {
        return store.instances(tenant, id, List.of(), null, null).map(i -> i.value().value().asDouble()).collectList().block();
    }

    private static List<String> ids(Flux<TemporalInstance> instances) {
        return instances.map(TemporalInstance::instanceId).sort().collectList().block();
    }
}
