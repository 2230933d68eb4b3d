package city.tsunagu.adapters.simulator;

import java.util.List;

/**
 * A Kanazawa-like city: bus loops through Kanazawa Station, Korinbo and Kenrokuen (in the manner
 * of the city's loop buses), bike-share docks in the manner of まちのり, and air-quality stations.
 * Coordinates are approximate; names and numbers are for a demo, not timetables.
 */
final class Kanazawa {
    static final Place STATION = new Place("Kanazawa Station", 136.6484, 36.5781);
    static final Place MUSASHIGATSUJI = new Place("Musashigatsuji", 136.6553, 36.5712);
    static final Place HASHIBACHO = new Place("Hashiba-cho", 136.6617, 36.5717);
    static final Place HIGASHI_CHAYA = new Place("Higashi Chaya", 136.6667, 36.5727);
    static final Place KENROKUEN = new Place("Kenrokuen", 136.6625, 36.5621);
    static final Place MUSEUM = new Place("21st Century Museum", 136.6582, 36.5608);
    static final Place KORINBO = new Place("Korinbo", 136.6565, 36.5620);
    static final Place KATAMACHI = new Place("Katamachi", 136.6525, 36.5585);
    static final Place NAGAMACHI = new Place("Nagamachi", 136.6498, 36.5627);
    static final Place OMICHO = new Place("Omicho Market", 136.6565, 36.5716);
    static final Place CASTLE = new Place("Kanazawa Castle Park", 136.6594, 36.5650);
    static final Place SAIGAWA = new Place("Saigawa Ohashi", 136.6527, 36.5566);

    /** Loop routes; the last stop leads back to the first. */
    static final List<Route> ROUTES = List.of(
            new Route("right-loop", List.of(STATION, MUSASHIGATSUJI, HASHIBACHO, HIGASHI_CHAYA, KENROKUEN, MUSEUM,
                    KORINBO, MUSASHIGATSUJI)),
            new Route("left-loop", List.of(STATION, NAGAMACHI, KATAMACHI, KORINBO, MUSEUM, KENROKUEN, CASTLE,
                    MUSASHIGATSUJI)),
            new Route("kenrokuen-shuttle", List.of(STATION, MUSASHIGATSUJI, KORINBO, KENROKUEN, HASHIBACHO)));

    /** Bike-share docks: where they are, how many slots, and whose rhythm they follow. */
    static final List<Dock> DOCKS = List.of(
            new Dock("Kanazawa Station East", STATION, 30, DockKind.STATION),
            new Dock("Kanazawa Station West", new Place("", 136.6462, 36.5776), 20, DockKind.STATION),
            new Dock("Omicho", OMICHO, 15, DockKind.CENTRE),
            new Dock("Musashigatsuji", MUSASHIGATSUJI, 15, DockKind.CENTRE),
            new Dock("Korinbo", KORINBO, 25, DockKind.CENTRE),
            new Dock("Katamachi", KATAMACHI, 20, DockKind.CENTRE),
            new Dock("Kenrokuen", KENROKUEN, 15, DockKind.SIGHTS),
            new Dock("21st Century Museum", MUSEUM, 15, DockKind.SIGHTS),
            new Dock("Higashi Chaya", HIGASHI_CHAYA, 12, DockKind.SIGHTS),
            new Dock("Nagamachi", NAGAMACHI, 12, DockKind.SIGHTS));

    /** Air-quality stations; the traffic share says how much of their NO2 comes from the roads. */
    static final List<AirStation> AIR_STATIONS = List.of(
            new AirStation("Kanazawa Station", STATION, 1.0),
            new AirStation("Korinbo", KORINBO, 0.9),
            new AirStation("Kenrokuen", KENROKUEN, 0.4),
            new AirStation("Saigawa", SAIGAWA, 0.6));

    private Kanazawa() {
    }

    record Route(String name, List<Place> stops) {
    }

    /** STATION: commuters take bikes out in the morning and bring them back at night; CENTRE the reverse; SIGHTS fill at midday. */
    enum DockKind { STATION, CENTRE, SIGHTS }

    record Dock(String name, Place place, int slots, DockKind kind) {
    }

    record AirStation(String name, Place place, double trafficShare) {
    }
}
