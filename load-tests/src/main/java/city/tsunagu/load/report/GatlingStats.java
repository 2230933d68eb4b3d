package city.tsunagu.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistics table of a Gatling report ({@code index.html}): Gatling 3.15 writes no JSON
 * statistics any more, and its {@code simulation.log} is a binary format of its own, so the
 * numbers are read from the table it renders — one row per request, columns found by their
 * headings. The Gatling version is pinned in the root pom, and GatlingStatsTest reads a report
 * of that version.
 */
public final class GatlingStats {
    private static final Pattern HEADING = Pattern.compile("<th id=\"(col-\\d+)\"[^>]*><span>(?:<abbr[^>]*>)?([^<]+)");
    private static final Pattern ROW = Pattern.compile("<tr id=\"[^\"]+\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)</span>");
    private static final Pattern CELL = Pattern.compile("<td class=\"value [^\"]*?(col-\\d+)\">([^<]*)</td>");

    /** One request's figures; times in milliseconds. */
    public record RequestStats(long total, long ok, long ko, double p50, double p95, double p99) {
    }

    private final Map<String, RequestStats> requests;

    private GatlingStats(Map<String, RequestStats> requests) {
        this.requests = requests;
    }

    public static GatlingStats read(Path reportDir) throws IOException {
        return parse(Files.readString(reportDir.resolve("index.html")));
    }

    /** Statistics with the given rows, by request name. */
    static GatlingStats of(Map<String, RequestStats> requests) {
        return new GatlingStats(new LinkedHashMap<>(requests));
    }

    static GatlingStats parse(String html) {
        Map<String, String> columns = new HashMap<>();
        Matcher heading = HEADING.matcher(html);
        while (heading.find()) {
            columns.put(heading.group(2).strip(), heading.group(1));
        }
        Map<String, RequestStats> requests = new LinkedHashMap<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            if (!name.find()) {
                continue;
            }
            Map<String, String> cells = new HashMap<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.put(cell.group(1), cell.group(2).strip());
            }
            requests.put(unescape(name.group(1)), new RequestStats(
                    (long) number(cells, columns, "Total"), (long) number(cells, columns, "OK"), (long) number(cells, columns, "KO"),
                    number(cells, columns, "50th pct"), number(cells, columns, "95th pct"), number(cells, columns, "99th pct")));
        }
        return new GatlingStats(requests);
    }

    /** The request of that name; "All Requests" is the whole simulation. */
    public Optional<RequestStats> request(String name) {
        return Optional.ofNullable(requests.get(name));
    }

    private static double number(Map<String, String> cells, Map<String, String> columns, String heading) {
        String column = columns.get(heading);
        if (column == null) {
            throw new IllegalStateException("Gatling's statistics table has no column \"" + heading + "\": " + columns.keySet());
        }
        String value = cells.getOrDefault(column, "-");
        return value.equals("-") ? 0 : Double.parseDouble(value.replace(",", ""));
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
