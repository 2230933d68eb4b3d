package city.tsunagu.broker.ld;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the JSON-LD context link out of an HTTP Link header (RFC 8288; ETSI GS CIM 009 6.3.5):
 * {@code <url>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"}.
 */
final class LinkHeader {
    static final String CONTEXT_REL = "http://www.w3.org/ns/json-ld#context";

    private LinkHeader() {
    }

    /** One link-value: its target and its parameters (names lower-cased, values unquoted). */
    record Link(String target, Map<String, String> params) {
        boolean hasRel(String rel) {
            String rels = params.get("rel");
            if (rels == null) {
                return false;
            }
            for (String r : rels.trim().split("\\s+")) {
                if (r.equals(rel)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The URL of the JSON-LD context link, or null if the header has none.
     *
     * @throws InvalidRequestException  if the header is not a valid Link header
     * @throws BadRequestDataException  if there are several context links, or the link's type is
     *                                  not application/ld+json
     */
    static String contextUrl(String header) {
        String url = null;
        for (Link link : parse(header)) {
            if (!link.hasRel(CONTEXT_REL)) {
                continue;
            }
            if (url != null) {
                throw new BadRequestDataException("The Link header has more than one link with rel=\"" + CONTEXT_REL
                        + "\"; send one @context URL (host a combined @context through /ngsi-ld/v1/jsonldContexts)");
            }
            String type = link.params().get("type");
            if (type != null && !type.trim().toLowerCase(Locale.ROOT).equals("application/ld+json")) {
                throw new BadRequestDataException("The JSON-LD context link in the Link header has type \"" + type
                        + "\"; it must be type=\"application/ld+json\"");
            }
            if (link.target().isBlank()) {
                throw new BadRequestDataException("The JSON-LD context link in the Link header has an empty URL");
            }
            url = link.target().trim();
        }
        return url;
    }

    static List<Link> parse(String header) {
        List<Link> links = new ArrayList<>();
        int i = 0;
        int n = header.length();
        while (true) {
            i = skipSpace(header, i);
            if (i >= n) {
                break;
            }
            if (header.charAt(i) != '<') {
                throw malformed(header, "a link must start with <URL>");
            }
            int close = header.indexOf('>', i + 1);
            if (close < 0) {
                throw malformed(header, "'<' without a closing '>'");
            }
            String target = header.substring(i + 1, close);
            i = close + 1;
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                i = skipSpace(header, i);
                if (i >= n || header.charAt(i) == ',') {
                    i++;
                    break;
                }
                if (header.charAt(i) != ';') {
                    throw malformed(header, "expected ';' or ',' after a link");
                }
                i = skipSpace(header, i + 1);
                int nameStart = i;
                while (i < n && isTokenChar(header.charAt(i))) {
                    i++;
                }
                if (i == nameStart) {
                    throw malformed(header, "a link parameter has no name");
                }
                String name = header.substring(nameStart, i).toLowerCase(Locale.ROOT);
                i = skipSpace(header, i);
                String value = "";
                if (i < n && header.charAt(i) == '=') {
                    i = skipSpace(header, i + 1);
                    if (i < n && header.charAt(i) == '"') {
                        StringBuilder quoted = new StringBuilder();
                        i++;
                        while (i < n && header.charAt(i) != '"') {
                            if (header.charAt(i) == '\\' && i + 1 < n) {
                                i++;
                            }
                            quoted.append(header.charAt(i++));
                        }
                        if (i >= n) {
                            throw malformed(header, "unterminated quoted string");
                        }
                        i++;
                        value = quoted.toString();
                    } else {
                        int valueStart = i;
                        while (i < n && ";, \t".indexOf(header.charAt(i)) < 0) {
                            i++;
                        }
                        value = header.substring(valueStart, i);
                    }
                }
                params.putIfAbsent(name, value);
            }
            links.add(new Link(target, params));
        }
        if (links.isEmpty()) {
            throw malformed(header, "it holds no link");
        }
        return links;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isTokenChar(char c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static InvalidRequestException malformed(String header, String why) {
        return new InvalidRequestException("The Link header '" + header + "' is malformed: " + why
                + "; expected <URL>; rel=\"" + CONTEXT_REL + "\"; type=\"application/ld+json\"");
    }
}
