package city.tsunagu.load.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CitySubscriptionsTest {
    private final KanazawaCity city = new KanazawaCity(10_000);
    private final CitySubscriptions subscriptions = new CitySubscriptions(city, 1_000, "t");

    @Test
    void oneInTwentyWatchesADistrictAndTheRestFollowBusesTwoAppsEach() {
        assertThat(subscriptions.districts()).isEqualTo(50);
        assertThat(subscriptions.follows()).isEqualTo(950);
        Map<String, Integer> followers = new HashMap<>();
        Set<String> paths = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int s = 0; s < subscriptions.size(); s++) {
            subscriptions.followedEntity(s).ifPresent(bus -> followers.merge(bus, 1, Integer::sum));
            paths.add(subscriptions.path(s));
            ids.add(subscriptions.id(s));
        }
        assertThat(followers).hasSize(475).allSatisfy((bus, n) -> assertThat(n).isEqualTo(2));
        assertThat(paths).hasSize(subscriptions.endpoints()).hasSize(CitySubscriptions.APPS + CitySubscriptions.OPERATORS);
        assertThat(ids).hasSize(1_000);
    }

    @Test
    void everyBusLiesStrictlyInsideExactlyOneDistrict() {
        for (int n = 0; n < city.count("Vehicle"); n++) {
            double[] p = city.position(city.indexOf("Vehicle", n));
            int inside = 0;
            for (int d = 0; d < subscriptions.districts(); d++) {
                List<List<Double>> ring = subscriptions.district(d).get(0);
                double west = ring.get(0).get(0);
                double south = ring.get(0).get(1);
                double east = ring.get(2).get(0);
                double north = ring.get(2).get(1);
                if (p[0] > west && p[0] < east && p[1] > south && p[1] < north) {
                    inside++;
                    assertThat(subscriptions.districtOf(n)).isEqualTo(d);
                }
                assertThat(p[0]).isNotIn(west, east);
                assertThat(p[1]).isNotIn(south, north);
            }
            assertThat(inside).as("districts holding bus %d", n).isEqualTo(1);
        }
    }

    @Test
    void anUpdateTriggersItsFollowersAndItsDistrictWhenSlow() {
        assertThat(subscriptions.notifications(0, 30.0)).isEqualTo(2);
        assertThat(subscriptions.notifications(0, 4.9)).isEqualTo(3);
        assertThat(subscriptions.notifications(474, 5.0)).isEqualTo(2);
        assertThat(subscriptions.notifications(475, 30.0)).isZero();
        assertThat(subscriptions.notifications(2_000, 0.0)).isEqualTo(1);
        assertThat(new CitySubscriptions(city, 20, "t").notifications(9, 30.0)).as("the last of 19 follows has one follower")
                .isEqualTo(1);
    }

    @Test
    void aFollowingSubscriptionNamesItsBusAndADistrictOneItsQueryAndArea() {
        Map<String, Object> follow = subscriptions.subscription(3, "http://127.0.0.1:1");
        assertThat(follow).containsEntry("entities", List.of(Map.of("id", city.id(city.indexOf("Vehicle", 1)), "type", "Vehicle")))
                .containsEntry("watchedAttributes", List.of("speed")).doesNotContainKeys("q", "geoQ");
        assertThat(follow.get("notification").toString()).contains("uri=http://127.0.0.1:1/apps/3");
        Map<String, Object> district = subscriptions.subscription(999, "http://127.0.0.1:1");
        assertThat(district).containsEntry("entities", List.of(Map.of("type", "Vehicle"))).containsEntry("q", "speed<5")
                .containsKey("geoQ");
        assertThat(subscriptions.redirect(3, "http://127.0.0.1:2").get("notification").toString())
                .contains("uri=http://127.0.0.1:2/apps/3");
    }

    @Test
    void moreFollowedBusesThanTheCityHasAreRefused() {
        assertThatThrownBy(() -> new CitySubscriptions(new KanazawaCity(1_000), 1_000, "t"))
                .hasMessageContaining("more than the city's 250");
    }
}
