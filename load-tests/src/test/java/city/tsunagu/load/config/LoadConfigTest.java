package city.tsunagu.load.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LoadConfigTest {

    @Test
    void aStartedHubAndItsStoreComeFromTheReservedPorts() {
        LoadConfig config = LoadConfig.from(props("load.hubPort", "4100", "load.storePort", "4101", "load.url", ""));

        assertThat(config.hub()).isEqualTo("http://127.0.0.1:4100");
        assertThat(config.storeUri()).hasValue("mongodb://127.0.0.1:4101");
        assertThat(config.profile()).isEqualTo(Profile.SMOKE);
        assertThat(config.users()).isEqualTo(2);
        assertThat(config.warmup()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aGivenHubHasNoStoreUnlessNamed() {
        LoadConfig config = LoadConfig.from(props("load.url", "http://localhost:1026/", "load.profile", "capacity",
                "load.users", "32", "load.duration", "20", "load.scale", "100k", "load.storePort", "${load.storePort}"));

        assertThat(config.hub()).isEqualTo("http://localhost:1026");
        assertThat(config.storeUri()).isEqualTo(Optional.empty());
        assertThat(config.users()).isEqualTo(32);
        assertThat(config.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.warmup()).isEqualTo(Profile.CAPACITY.warmup());
        assertThat(config.scale()).isEqualTo(Scale.K100);
    }

    @Test
    void loadIsNeverSentToAnotherMachine() {
        assertThatThrownBy(() -> LoadConfig.from(props("load.url", "http://192.0.2.10:1026")))
                .hasMessageContaining("target only this machine");
        assertThatThrownBy(() -> LoadConfig.from(props("load.url", "https://127.0.0.1:1026")))
                .hasMessageContaining("http://");
    }

    @Test
    void unknownProfilesAndScalesAreRefused() {
        assertThatThrownBy(() -> LoadConfig.from(props("load.url", "http://127.0.0.1:1", "load.profile", "stress")))
                .hasMessageContaining("smoke, capacity, soak");
        assertThatThrownBy(() -> LoadConfig.from(props("load.url", "http://127.0.0.1:1", "load.scale", "5k")))
                .hasMessageContaining("1k, 10k, 100k");
    }

    private static Properties props(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }
}
