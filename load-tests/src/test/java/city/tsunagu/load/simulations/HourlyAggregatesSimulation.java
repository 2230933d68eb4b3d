package city.tsunagu.load.simulations;

import city.tsunagu.load.config.Workload;
import city.tsunagu.load.journeys.CityJourneys;

/**
 * Retrieve Temporal Evolution of an Entity as hourly aggregates: a city analyst's question. (Its
 * name sorts before the subscription fan-out's, which Gatling runs last.)
 */
public class HourlyAggregatesSimulation extends WorkloadSimulation {

    public HourlyAggregatesSimulation() {
        super(Workload.TEMPORAL_AGGREGATION, CityJourneys::readHourlyAggregates);
    }
}
