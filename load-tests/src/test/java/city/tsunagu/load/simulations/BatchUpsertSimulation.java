package city.tsunagu.load.simulations;

import city.tsunagu.load.config.Workload;
import city.tsunagu.load.journeys.CityJourneys;

/** Batch Upsert of 100 existing entities with options=update. */
public class BatchUpsertSimulation extends WorkloadSimulation {

    public BatchUpsertSimulation() {
        super(Workload.BATCH_UPSERT, CityJourneys::ingestReadings);
    }
}
