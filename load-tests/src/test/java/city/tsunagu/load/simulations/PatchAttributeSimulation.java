package city.tsunagu.load.simulations;

import city.tsunagu.load.config.Workload;
import city.tsunagu.load.journeys.CityJourneys;

/** Update Attribute: PATCH one Property of a Vehicle. */
public class PatchAttributeSimulation extends WorkloadSimulation {

    public PatchAttributeSimulation() {
        super(Workload.PATCH_ATTRIBUTE, CityJourneys::updateSpeed);
    }
}
