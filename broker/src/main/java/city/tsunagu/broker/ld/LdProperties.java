package city.tsunagu.broker.ld;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How remote @contexts are downloaded and kept (architecture decision 4).
 *
 * @param fetchTimeout       time limit for downloading one @context, connection included (TSUNAGU_LD_FETCH_TIMEOUT)
 * @param maxSize            largest @context document accepted (TSUNAGU_LD_MAX_SIZE)
 * @param cacheTtl           how long a downloaded @context is used before it is downloaded again (TSUNAGU_LD_CACHE_TTL)
 * @param maxCachedContexts  how many downloaded documents, and separately how many resolved
 *                           request @contexts, are kept in memory; the least recently used go first
 * @param publicBaseUrl      the broker's address as clients reach it, e.g. https://ngsi.city.example;
 *                           used in the URLs of hosted and implicitly created @contexts. Blank =
 *                           http://localhost:{the HTTP port}
 */
@ConfigurationProperties("tsunagu.ld")
public record LdProperties(
        @DefaultValue("5s") Duration fetchTimeout,
        @DefaultValue("1MB") DataSize maxSize,
        @DefaultValue("24h") Duration cacheTtl,
        @DefaultValue("1000") int maxCachedContexts,
        String publicBaseUrl) {

    public LdProperties {
        if (fetchTimeout == null || fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            fetchTimeout = Duration.ofSeconds(5);
        }
        if (maxSize == null || maxSize.toBytes() <= 0) {
            maxSize = DataSize.ofMegabytes(1);
        }
        if (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.isZero()) {
            cacheTtl = Duration.ofHours(24);
        }
        if (maxCachedContexts <= 0) {
            maxCachedContexts = 1000;
        }
        if (publicBaseUrl != null) {
            publicBaseUrl = publicBaseUrl.strip();
            while (publicBaseUrl.endsWith("/")) {
                publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
            }
            if (publicBaseUrl.isEmpty()) {
                publicBaseUrl = null;
            }
        }
    }

    /** The defaults, for use outside Spring (tests, benchmarks). */
    public static LdProperties defaults() {
        return new LdProperties(null, null, null, 0, null);
    }
}
