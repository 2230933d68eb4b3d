package city.tsunagu.adapters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/** The adapters started in this JVM on a free loopback port, with a client to their provisioning API. */
public record RunningAdapters(ConfigurableApplicationContext context, WebTestClient client) implements AutoCloseable {

    public static RunningAdapters start(String mongoUri, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--tsunagu.adapters.mongodb-uri=" + mongoUri));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext context = AdaptersApplication.start(args.toArray(String[]::new));
        String port = context.getEnvironment().getRequiredProperty("local.server.port");
        // a new connection per request, as the broker's API tests do
        WebTestClient client = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        return new RunningAdapters(context, client);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
