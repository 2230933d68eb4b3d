package city.tsunagu.load.simulations;

import city.tsunagu.load.config.Workload;
import city.tsunagu.load.journeys.CityJourneys;

/** The HTTP ceiling: the cheapest endpoint of the same server (/actuator/info). */
public class CeilingSimulation extends WorkloadSimulation {

    public CeilingSimulation() {
        super(Workload.HTTP_CEILING, CityJourneys::readInfo);
    }
}
