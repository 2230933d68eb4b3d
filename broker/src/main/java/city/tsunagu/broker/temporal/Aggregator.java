package city.tsunagu.broker.temporal;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.temporal.store.Bucket;
import city.tsunagu.broker.temporal.store.TemporalStore;
import city.tsunagu.broker.tenant.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Computes the aggregated temporal representation (4.5.19) from the history's bucket summaries:
 * a bucket whose instances all lie in one period and in the queried range (its first and last
 * time say so) contributes its summary; only the instances of the other buckets (at the edges of
 * periods and of the range) are read. distinctCount, and time properties other than observedAt
 * (the buckets are by observedAt), read the instances.
 *
 * <p>Periods start at timeAt, or without one at the first instance in the range, and follow each
 * other by aggrPeriodDuration; periods without instances are left out. Numeric methods (sum, avg,
 * min, max, stddev, sumsq) take the numeric values of a period, totalCount and distinctCount all
 * values; stddev is the sample standard deviation.
 */
public final class Aggregator {
    private final TemporalStore store;

    public Aggregator(TemporalStore store) {
        this.store = store;
    }

    public Mono<Aggregated> aggregate(Tenant tenant, Entity state, Collection<String> attributes, Predicate<String> includesDataset,
                                      TimeQuery query, AggregationPeriod period, Set<AggregationMethod> methods) {
        if (query.property() != TimeProperty.OBSERVED_AT || methods.contains(AggregationMethod.DISTINCT_COUNT)) {
            return store.instances(tenant, state.id(), attributes, null, null)
                    .filter(i -> includesDataset.test(i.datasetId()) && query.contains(i.time(query.property())))
                    .collectList()
                    .map(instances -> {
                        Instant origin = query.from();
                        Instant last = null;
                        for (TemporalInstance i : instances) {
                            Instant t = i.time(query.property());
                            origin = query.from() == null && (origin == null || t.isBefore(origin)) ? t : origin;
                            last = last == null || t.isAfter(last) ? t : last;
                        }
                        Periods periods = new Periods(origin, query.to(), last, period);
                        Map<SeriesKey, Accumulator[]> series = new LinkedHashMap<>();
                        instances.forEach(i -> add(series, periods, i, i.time(query.property()), methods));
                        return result(state, series, periods, methods);
                    });
        }
        return store.buckets(tenant, state.id(), attributes, query.from(), query.to())
                .filter(b -> includesDataset.test(b.datasetId()))
                .collectList()
                .flatMap(buckets -> {
                    Instant origin = query.from();
                    Instant last = null;
                    for (Bucket b : buckets) {
                        if (query.from() == null && query.contains(b.first()) && (origin == null || b.first().isBefore(origin))) {
                            origin = b.first();
                        }
                        Instant bucketLast = query.contains(b.last()) ? b.last() : null;
                        last = bucketLast != null && (last == null || bucketLast.isAfter(last)) ? bucketLast : last;
                    }
                    Periods periods = new Periods(origin, query.to(), last, period);
                    Map<SeriesKey, Accumulator[]> series = new LinkedHashMap<>();
                    List<Bucket> partial = new ArrayList<>();
                    for (Bucket b : buckets) {
                        int p = periods.index(b.first());
                        if (p >= 0 && query.contains(b.first()) && query.contains(b.last()) && periods.index(b.last()) == p) {
                            accumulators(series, periods, new SeriesKey(b.attribute(), b.datasetId()))[p].add(b);
                        } else {
                            partial.add(b);
                        }
                    }
                    if (partial.isEmpty()) {
                        return Mono.just(result(state, series, periods, methods));
                    }
                    return store.instancesOf(tenant, partial)
                            .filter(i -> query.contains(i.time()))
                            .doOnNext(i -> add(series, periods, i, i.time(), methods))
                            .then(Mono.fromSupplier(() -> result(state, series, periods, methods)));
                });
    }

    private static void add(Map<SeriesKey, Accumulator[]> series, Periods periods, TemporalInstance instance, Instant time,
                            Set<AggregationMethod> methods) {
        int p = periods.index(time);
        if (p >= 0) {
            accumulators(series, periods, new SeriesKey(instance.attribute(), instance.datasetId()))[p]
                    .add(instance.value().value(), methods.contains(AggregationMethod.DISTINCT_COUNT));
        }
    }

    private static Accumulator[] accumulators(Map<SeriesKey, Accumulator[]> series, Periods periods, SeriesKey key) {
        return series.computeIfAbsent(key, k -> {
            Accumulator[] all = new Accumulator[periods.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = new Accumulator();
            }
            return all;
        });
    }

    private static Aggregated result(Entity state, Map<SeriesKey, Accumulator[]> series, Periods periods, Set<AggregationMethod> methods) {
        Map<String, List<Aggregated.Series>> attributes = new LinkedHashMap<>();
        series.forEach((key, accumulators) -> {
            List<Aggregated.PeriodResult> results = new ArrayList<>();
            for (int p = 0; p < accumulators.length; p++) {
                Accumulator a = accumulators[p];
                if (a.count == 0) {
                    continue;
                }
                Map<AggregationMethod, Number> values = new EnumMap<>(AggregationMethod.class);
                for (AggregationMethod method : methods) {
                    Number value = a.result(method);
                    if (value != null) {
                        values.put(method, value);
                    }
                }
                results.add(new Aggregated.PeriodResult(periods.start(p), periods.end(p), values));
            }
            if (!results.isEmpty()) {
                attributes.computeIfAbsent(key.attribute(), k -> new ArrayList<>())
                        .add(new Aggregated.Series(key.datasetId(), kindOf(state, key), results));
            }
        });
        return new Aggregated(state, attributes);
    }

    private static AttributeKind kindOf(Entity state, SeriesKey key) {
        return state.attributes().getOrDefault(key.attribute(), List.of()).stream()
                .filter(a -> Objects.equals(a.datasetId(), key.datasetId())).findFirst()
                .map(Attribute::kind).orElse(AttributeKind.PROPERTY);
    }

    private record SeriesKey(String attribute, String datasetId) {
    }

    /** The periods of an aggregation: from the origin, each next one by the duration, up to the end of the range. */
    private static final class Periods {
        private final TreeMap<Instant, Integer> starts = new TreeMap<>();
        private final List<Instant> startList = new ArrayList<>();
        private final List<Instant> ends = new ArrayList<>();
        private boolean whole;

        Periods(Instant origin, Instant to, Instant last, AggregationPeriod period) {
            if (origin == null || (to == null && last == null)) {
                return;
            }
            if (period.wholeRange()) {
                whole = true; // the last instance is in it even without an end of range
                put(origin, to != null ? to : last);
                return;
            }
            Instant start = origin;
            while (to != null ? start.isBefore(to) : !start.isAfter(last)) {
                Instant end = period.next(start);
                put(start, end);
                start = end;
            }
        }

        private void put(Instant start, Instant end) {
            starts.put(start, ends.size());
            startList.add(start);
            ends.add(end);
        }

        int size() {
            return ends.size();
        }

        Instant start(int index) {
            return startList.get(index);
        }

        Instant end(int index) {
            return ends.get(index);
        }

        /** The period holding {@code time}, or -1. */
        int index(Instant time) {
            var entry = starts.floorEntry(time);
            if (entry == null) {
                return -1;
            }
            int index = entry.getValue();
            return whole || time.isBefore(ends.get(index)) ? index : -1;
        }
    }

    /** What one period of one series has gathered. */
    private static final class Accumulator {
        private long count;
        private final Statistics numbers = new Statistics();
        private Set<String> distinct;

        void add(Bucket bucket) {
            count += bucket.count();
            numbers.merge(bucket.numbers());
        }

        void add(JsonNode value, boolean keepDistinct) {
            count++;
            if (value.isNumber() && !value.isBigInteger() && !value.isBigDecimal()) {
                numbers.add(value.doubleValue());
            }
            if (keepDistinct) {
                if (distinct == null) {
                    distinct = new HashSet<>();
                }
                distinct.add(value.toString());
            }
        }

        Number result(AggregationMethod method) {
            return switch (method) {
                case TOTAL_COUNT -> count;
                case DISTINCT_COUNT -> distinct == null ? 0 : distinct.size();
                case SUM -> numbers.count() == 0 ? null : numbers.sum();
                case AVG -> numbers.count() == 0 ? null : numbers.mean();
                case MIN -> numbers.count() == 0 ? null : numbers.min();
                case MAX -> numbers.count() == 0 ? null : numbers.max();
                case STDDEV -> numbers.count() == 0 ? null : numbers.stddev();
                case SUMSQ -> numbers.count() == 0 ? null : numbers.sumsq();
            };
        }
    }
}
