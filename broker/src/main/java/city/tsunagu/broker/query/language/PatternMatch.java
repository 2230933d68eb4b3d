package city.tsunagu.broker.query.language;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The target value is a string in which the regular expression finds a match ({@code attr~=re});
 * when {@code negated} ({@code attr!~=re}), the target is a string in which it finds none.
 * The pattern is compiled once, with {@link Pattern#UNIX_LINES} so that {@code .}, {@code ^} and
 * {@code $} treat only {@code \n} as a line end, as MongoDB's PCRE does.
 */
public record PatternMatch(AttributePath path, boolean negated, Pattern pattern) implements Condition {
    public PatternMatch {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pattern, "pattern");
    }

    /** The regular expression as written. */
    public String regex() {
        return pattern.pattern();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PatternMatch that && negated == that.negated && path.equals(that.path)
                && pattern.pattern().equals(that.pattern.pattern()) && pattern.flags() == that.pattern.flags();
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, negated, pattern.pattern(), pattern.flags());
    }
}
