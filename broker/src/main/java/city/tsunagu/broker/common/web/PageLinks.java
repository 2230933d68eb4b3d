package city.tsunagu.broker.common.web;

import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Link headers to the previous and next pages of a listing (5.5.9): the same request with another
 * offset, parameters in name order, typed with the media type of the response.
 */
public final class PageLinks {
    private PageLinks() {
    }

    /** @param total the number of results, or a negative number when it is not known */
    public static void add(ServerHttpRequest request, HttpHeaders headers, int offset, int limit, int returned, long total,
                           MediaType type) {
        if (limit == 0) {
            return;
        }
        String path = request.getPath().value().replaceAll("/+$", "");
        if (offset > 0) {
            headers.add(HttpHeaders.LINK, link(path, request, Math.max(0, offset - limit), "prev", type));
        }
        if (returned == limit && (total < 0 || offset + limit < total)) {
            headers.add(HttpHeaders.LINK, link(path, request, offset + limit, "next", type));
        }
    }

    private static String link(String path, ServerHttpRequest request, int offset, String rel, MediaType type) {
        TreeMap<String, String> params = new TreeMap<>();
        request.getQueryParams().forEach((name, values) -> params.put(name, String.join(",", values)));
        params.put("offset", Integer.toString(offset));
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(name).append('=').append(value));
        return "<" + path + "?" + query + ">; rel=\"" + rel + "\";type=\"" + type.getType() + "/" + type.getSubtype() + "\"";
    }
}
