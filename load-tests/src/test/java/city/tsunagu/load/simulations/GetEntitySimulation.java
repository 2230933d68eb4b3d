package city.tsunagu.load.simulations;

import city.tsunagu.load.config.Workload;
import city.tsunagu.load.journeys.CityJourneys;

/** Retrieve Entity by id. */
public class GetEntitySimulation extends WorkloadSimulation {

    public GetEntitySimulation() {
        super(Workload.GET_ENTITY, CityJourneys::readEntity);
    }
}
