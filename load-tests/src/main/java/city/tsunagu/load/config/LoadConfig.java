package city.tsunagu.load.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Every knob of a load run, read from system properties so that Maven, the Gatling plugin and
 * {@code ./tsunagu bench} pass them alike:
 * <ul>
 *   <li>{@code load.url}: the hub, loopback only; blank = the hub the build started on
 *       {@code load.hubPort}</li>
 *   <li>{@code load.storeUri}: the hub's store for the store ceiling; blank = the store the build
 *       started on {@code load.storePort}, or none when {@code load.url} names another hub</li>
 *   <li>{@code load.profile} (smoke, capacity, soak), {@code load.users}, {@code load.duration} and
 *       {@code load.warmup} (seconds; blank = the profile's), {@code load.scale} (1k, 10k, 100k),
 *       {@code load.tenant} (blank = the default tenant)</li>
 *   <li>{@code load.subscriptions}: the subscription fan-out's subscriptions (blank = one per ten
 *       entities of the scale, 1,000 on 10k)</li>
 * </ul>
 *
 * @param warmup requests sent before the measured {@code duration}, reported apart
 */
public record LoadConfig(URI baseUrl, Optional<String> storeUri, Profile profile, int users, Duration duration,
                         Duration warmup, Scale scale, Optional<String> tenant, int subscriptions) {

    public static LoadConfig fromSystemProperties() {
        return from(System.getProperties());
    }

    public static LoadConfig from(Properties p) {
        Profile profile = Profile.parse(get(p, "load.profile").orElse("smoke"));
        Optional<String> url = get(p, "load.url");
        URI baseUrl = URI.create(url.orElseGet(() -> "http://127.0.0.1:" + required(p, "load.hubPort")));
        requireLoopback(baseUrl);
        Optional<String> storeUri = get(p, "load.storeUri")
                .or(() -> url.isPresent() ? Optional.empty() : Optional.of("mongodb://127.0.0.1:" + required(p, "load.storePort")));
        int users = get(p, "load.users").map(Integer::parseInt).orElse(profile.users());
        if (users < 1) {
            throw new IllegalArgumentException("load.users must be at least 1");
        }
        Scale scale = Scale.parse(get(p, "load.scale").orElse("10k"));
        int subscriptions = get(p, "load.subscriptions").map(Integer::parseInt).orElse(Math.max(2, scale.entities() / 10));
        if (subscriptions < 2) {
            throw new IllegalArgumentException("load.subscriptions must be at least 2");
        }
        return new LoadConfig(baseUrl, storeUri, profile, users,
                get(p, "load.duration").map(LoadConfig::seconds).orElse(profile.duration()),
                get(p, "load.warmup").map(LoadConfig::seconds).orElse(profile.warmup()),
                scale, get(p, "load.tenant"), subscriptions);
    }

    /** The base URL without a trailing slash, as Gatling's baseUrl and string concatenation want it. */
    public String hub() {
        String s = baseUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Load is only ever generated against this machine: a URL whose host is not a loopback address
     * is refused before any request is sent.
     */
    static void requireLoopback(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("load.url=" + url + " is not an http:// URL with a host");
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(url.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("load.url=" + url + " is refused: load tests target only this machine (127.0.0.1)");
        }
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value.strip()));
    }

    /** Maven passes unset properties as empty strings or as unresolved ${...}; both mean "not given". */
    private static Optional<String> get(Properties p, String name) {
        String value = p.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }

    private static String required(Properties p, String name) {
        return get(p, name).orElseThrow(() -> new IllegalArgumentException(name + " is not set (nor load.url)"));
    }
}
