package city.tsunagu.load.simulations;

import city.tsunagu.load.config.Workload;
import city.tsunagu.load.journeys.CityJourneys;

/** Query Entities near Kanazawa Station (georel near, maxDistance 500 m). */
public class NearQuerySimulation extends WorkloadSimulation {

    public NearQuerySimulation() {
        super(Workload.NEAR_QUERY, CityJourneys::findStationsNearStation);
    }
}
