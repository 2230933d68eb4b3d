package city.tsunagu.broker.query.language;

/**
 * A string that lets a regular expression read only so many characters in total: java.util.regex
 * backtracks without bound, and a pattern such as {@code (a+)+b} could otherwise keep a thread
 * busy for hours on a short value.
 */
final class BoundedCharSequence implements CharSequence {
    /** Thrown when the budget is spent; no stack trace, it is expected control flow. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("regular expression budget exhausted", null, false, false);
        }
    }

    private final CharSequence text;
    private final long[] budget;

    BoundedCharSequence(CharSequence text, long[] budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new Exhausted();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedCharSequence(text.subSequence(start, end), budget);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
