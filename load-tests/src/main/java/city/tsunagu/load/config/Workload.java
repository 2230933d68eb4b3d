package city.tsunagu.load.config;

import city.tsunagu.load.store.StoreOperation;
import java.util.Optional;

/**
 * The workloads of a run: the simulation that runs each, the name of its measured request in
 * Gatling's report, and the store operation that is its store ceiling. The subscription fan-out
 * runs three workloads in one simulation, in this order: the same stream of writes without
 * subscriptions, with subscriptions notifying a receiver that answers, and with them notifying
 * one that never answers.
 */
public enum Workload {
    GET_ENTITY("GetEntitySimulation", "get entity by id", StoreOperation.FIND_BY_ID, 1),
    QUERY_TYPE_Q("QueryEntitiesSimulation", "query type + q, page of 20", StoreOperation.FIND_PAGE, 1),
    NEAR_QUERY("NearQuerySimulation", "near 500 m of Kanazawa Station", null, 1),
    BATCH_UPSERT("BatchUpsertSimulation", "batch upsert of 100, options=update", StoreOperation.BULK_UPSERT_100, 100),
    PATCH_ATTRIBUTE("PatchAttributeSimulation", "PATCH one attribute", StoreOperation.REPLACE_ONE, 1),
    SPEED_NO_SUBSCRIPTIONS("SubscriptionFanoutSimulation", "PATCH speed, no subscriptions", StoreOperation.REPLACE_ONE, 1),
    SPEED_NOTIFYING("SubscriptionFanoutSimulation", "PATCH speed, subscriptions notified", StoreOperation.REPLACE_ONE, 1),
    SPEED_RECEIVER_SILENT("SubscriptionFanoutSimulation", "PATCH speed, receiver never answers", StoreOperation.REPLACE_ONE, 1),
    TEMPORAL_AGGREGATION("HourlyAggregatesSimulation", "hourly avg/min/max of a sensor's day", null, 1),
    /** The cheapest endpoint of the same server: the platform's own request rate on this machine. */
    HTTP_CEILING("CeilingSimulation", "GET /actuator/info (HTTP ceiling)", null, 1);

    private final String simulation;
    private final String requestName;
    private final StoreOperation storeCeiling;
    private final int entitiesPerRequest;

    Workload(String simulation, String requestName, StoreOperation storeCeiling, int entitiesPerRequest) {
        this.simulation = simulation;
        this.requestName = requestName;
        this.storeCeiling = storeCeiling;
        this.entitiesPerRequest = entitiesPerRequest;
    }

    /** Simple name of the simulation class; Gatling names its report folder after it, lower-cased. */
    public String simulation() {
        return simulation;
    }

    /** The measured request; the same request during warm-up is named {@link #warmupName()}. */
    public String requestName() {
        return requestName;
    }

    public String warmupName() {
        return "warm-up: " + requestName;
    }

    public Optional<StoreOperation> storeCeiling() {
        return Optional.ofNullable(storeCeiling);
    }

    public int entitiesPerRequest() {
        return entitiesPerRequest;
    }
}
