package city.tsunagu.load.simulations;

import city.tsunagu.load.config.Workload;
import city.tsunagu.load.journeys.CityJourneys;

/** Query Entities by type and q, a page of 20. */
public class QueryEntitiesSimulation extends WorkloadSimulation {

    public QueryEntitiesSimulation() {
        super(Workload.QUERY_TYPE_Q, CityJourneys::findStationsWithBikes);
    }
}
