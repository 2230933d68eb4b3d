package city.tsunagu.broker.temporal;

import java.time.Instant;

/**
 * The part of a history an answer holds when the history was longer than one answer may be
 * (6.3.10): {@code Content-Range: date-time <start>-<end>/<size>}, start and end in the order the
 * instances were taken (newest first with lastN), size the lastN asked for or "*".
 */
public record ContentRange(Instant start, Instant end, String size) {
    public String header() {
        return "date-time " + start + "-" + end + "/" + size;
    }
}
