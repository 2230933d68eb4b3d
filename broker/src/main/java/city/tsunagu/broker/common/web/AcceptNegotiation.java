package city.tsunagu.broker.common.web;

import city.tsunagu.broker.common.error.ErrorType;
import city.tsunagu.broker.common.error.ProtocolException;
import java.util.List;
import org.springframework.http.MediaType;

/**
 * Picks the response media type from the Accept header (6.3.6): the acceptable type with the
 * highest quality, application/json on ties or wildcards; 406 when none can be produced.
 */
public final class AcceptNegotiation {
    private AcceptNegotiation() {
    }

    /**
     * @param accept    the Accept header (null = anything)
     * @param allowGeo  whether the endpoint can answer application/geo+json
     */
    public static MediaType choose(String accept, boolean allowGeo) {
        if (accept == null || accept.isBlank()) {
            return NgsiLdMediaTypes.JSON;
        }
        List<MediaType> candidates = allowGeo
                ? List.of(NgsiLdMediaTypes.JSON, NgsiLdMediaTypes.JSON_LD, NgsiLdMediaTypes.GEO_JSON)
                : List.of(NgsiLdMediaTypes.JSON, NgsiLdMediaTypes.JSON_LD);
        MediaType best = null;
        double bestQuality = 0;
        int bestSpecificity = -1;
        for (String part : accept.split(",")) {
            Range range = Range.parse(part.trim());
            if (range == null || range.quality <= 0) {
                continue;
            }
            for (MediaType candidate : candidates) {
                if (!range.type.includes(candidate)) {
                    continue;
                }
                if (range.type.isWildcardType() || range.type.isWildcardSubtype()) {
                    // a wildcard stands for the default representation unless it is explicitly refused
                    if (isRefused(accept, candidate)) {
                        continue;
                    }
                }
                int specificity = range.type.isWildcardType() ? 0 : range.type.isWildcardSubtype() ? 1 : 2;
                boolean tie = range.quality == bestQuality && specificity == bestSpecificity;
                if (range.quality > bestQuality || (range.quality == bestQuality && specificity > bestSpecificity)
                        || (tie && candidate.equals(NgsiLdMediaTypes.JSON))) {
                    best = candidate;
                    bestQuality = range.quality;
                    bestSpecificity = specificity;
                }
                if (specificity < 2) {
                    break; // wildcard: the first candidate (application/json) is the default
                }
            }
        }
        if (best == null) {
            throw new ProtocolException(ErrorType.NOT_ACCEPTABLE, "Accept '" + accept
                    + "' names no media type this resource is available in: application/json, application/ld+json"
                    + (allowGeo ? ", application/geo+json" : ""));
        }
        return best;
    }

    private static boolean isRefused(String accept, MediaType candidate) {
        for (String part : accept.split(",")) {
            Range range = Range.parse(part.trim());
            if (range != null && range.quality <= 0 && range.type.equalsTypeAndSubtype(candidate)) {
                return true;
            }
        }
        return false;
    }

    private record Range(MediaType type, double quality) {
        static Range parse(String text) {
            if (text.isEmpty()) {
                return null;
            }
            String[] params = text.split(";");
            MediaType type;
            try {
                type = MediaType.parseMediaType(params[0].trim());
            } catch (RuntimeException e) {
                return null;
            }
            double quality = 1.0;
            for (int i = 1; i < params.length; i++) {
                String param = params[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(param.substring(2).trim());
                    } catch (NumberFormatException e) {
                        quality = 1.0; // a malformed q is ignored, as the conformance suite expects
                    }
                }
            }
            return new Range(type, quality);
        }
    }
}
