package city.tsunagu.deploy;

import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded store on its own, as a process of its own ({@code ./tsunagu store}), so that
 * several hub processes can share it with {@code TSUNAGU_MONGODB_URI=mongodb://127.0.0.1:27017}.
 *
 * <p>Settings: {@code TSUNAGU_STORE_PORT} (default 27017, 0 = any free port),
 * {@code TSUNAGU_STORE_ADDRESS} (default 127.0.0.1; loopback addresses only, as the store has no authentication)
 * and {@code TSUNAGU_DATA_DIR} (default ./data). Ctrl-C or SIGTERM closes the store cleanly.
 *
 * <p>It is a small non-web Spring application so that it logs, reads settings and shuts down
 * exactly as the hub does; it does not start the broker.
 */
public final class StoreMain {

    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.main.web-application-type", "none",
            "spring.main.keep-alive", "true",
            "tsunagu.store.port", "${TSUNAGU_STORE_PORT:27017}",
            "tsunagu.store.address", "${TSUNAGU_STORE_ADDRESS:127.0.0.1}");

    private StoreMain() {
    }

    public static void main(String[] args) {
        try {
            start(args);
        } catch (RuntimeException e) {
            // Spring has reported why; end the process even if a half-started component left a thread behind.
            System.exit(1);
        }
    }

    /** Starts the store; the caller owns the returned context and closes it to stop the store. */
    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(StoreConfiguration.class)
                .web(WebApplicationType.NONE)
                .properties(DEFAULTS)
                .run(withName(args));
    }

    /** Its log lines say tsunagu-store; application.yml, which names the broker, would win over a default. */
    private static String[] withName(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "--spring.application.name=tsunagu-store";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
