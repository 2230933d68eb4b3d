package city.tsunagu.broker.entity.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Language ranges of the {@code lang} parameter (4.15, RFC 4647 lookup). */
final class LanguageRanges {
    private LanguageRanges() {
    }

    private record Range(String tag, double quality) {
    }

    /** The ranges of {@code lang} ordered by quality (highest first, list order on ties), q=0 dropped. */
    static List<String> byQuality(String lang) {
        List<Range> ranges = new ArrayList<>();
        for (String part : lang.split(",")) {
            String[] pieces = part.trim().split(";");
            if (pieces[0].isBlank()) {
                continue;
            }
            double quality = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        quality = 1.0;
                    }
                }
            }
            if (quality > 0) {
                ranges.add(new Range(pieces[0].trim(), quality));
            }
        }
        ranges.sort(Comparator.comparingDouble(Range::quality).reversed());
        return ranges.stream().map(Range::tag).toList();
    }

    /** The tag of {@code tags} that {@code range} selects, or null. */
    static String lookup(String range, List<String> tags) {
        String wanted = range.toLowerCase(Locale.ROOT);
        while (!wanted.isEmpty()) {
            for (String tag : tags) {
                if (tag.toLowerCase(Locale.ROOT).equals(wanted)) {
                    return tag;
                }
            }
            int dash = wanted.lastIndexOf('-');
            if (dash < 0) {
                break;
            }
            wanted = wanted.substring(0, dash);
        }
        String prefix = range.toLowerCase(Locale.ROOT) + "-";
        for (String tag : tags) {
            if (tag.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return tag;
            }
        }
        return null;
    }
}
