package city.tsunagu.load.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How many entities the data set holds; 1k keeps the CI smoke run short. */
public enum Scale {
    K1("1k", 1_000),
    K10("10k", 10_000),
    K100("100k", 100_000);

    private final String label;
    private final int entities;

    Scale(String label, int entities) {
        this.label = label;
        this.entities = entities;
    }

    public int entities() {
        return entities;
    }

    public static Scale parse(String label) {
        return Arrays.stream(values())
                .filter(s -> s.label.equalsIgnoreCase(label.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("load.scale=" + label + " is not one of "
                        + Arrays.stream(values()).map(Scale::toString).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return label;
    }
}
