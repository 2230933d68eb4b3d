package city.tsunagu.deploy;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A hub started in this JVM on a free loopback port, with the embedded store in {@code dataDir}. */
record RunningHub(ConfigurableApplicationContext context, WebTestClient client) implements AutoCloseable {

    static RunningHub start(Path dataDir) {
        ConfigurableApplicationContext context = TsunaguHub.start(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--tsunagu.mongodb-uri=",
                "--tsunagu.data-dir=" + dataDir);
        String port = context.getEnvironment().getRequiredProperty("local.server.port");
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        return new RunningHub(context, client);
    }

    @Override
    public void close() {
        context.close();
    }
}
