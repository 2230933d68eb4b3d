package city.tsunagu.broker.temporal;

/**
 * Count, sum, sum of squares, mean, M2 (sum of squared deviations from the mean), min and max of
 * a set of numbers, mergeable. Sums are compensated (Neumaier), and mean and M2 are combined with
 * Chan et al.'s pairwise formulas instead of being derived from sum and sum of squares, whose
 * difference cancels catastrophically when the values are large compared with their spread
 * (1013.25 hPa ± 0.01). A bucket's statistics are computed from its values in two passes, so a
 * merge of buckets keeps the accuracy of each.
 */
public final class Statistics {
    private long count;
    private double sum;
    private double sumCompensation;
    private double sumsq;
    private double sumsqCompensation;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public Statistics() {
    }

    /** Statistics with the given parts, as stored with a bucket. */
    public static Statistics of(long count, double sum, double sumsq, double mean, double m2, double min, double max) {
        Statistics s = new Statistics();
        s.count = count;
        s.sum = sum;
        s.sumsq = sumsq;
        s.mean = mean;
        s.m2 = m2;
        s.min = min;
        s.max = max;
        return s;
    }

    /** The statistics of {@code values}, in two passes (mean first, then the deviations from it). */
    public static Statistics of(double[] values) {
        Statistics s = new Statistics();
        if (values.length == 0) {
            return s;
        }
        for (double v : values) {
            s.count++;
            s.addToSum(v);
            s.addToSumsq(v * v);
            s.min = Math.min(s.min, v);
            s.max = Math.max(s.max, v);
        }
        double mean = s.sum() / s.count;
        double deviations = 0;
        double squares = 0;
        for (double v : values) {
            double d = v - mean;
            deviations += d;
            squares += d * d;
        }
        // the corrected two-pass algorithm: the first term removes the rounding error of the mean
        s.mean = mean + deviations / s.count;
        s.m2 = Math.max(0, squares - deviations * deviations / s.count);
        return s;
    }

    public void add(double value) {
        merge(of(1, value, value * value, value, 0, value, value));
    }

    public void merge(Statistics other) {
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            count = other.count;
            sum = other.sum;
            sumCompensation = other.sumCompensation;
            sumsq = other.sumsq;
            sumsqCompensation = other.sumsqCompensation;
            mean = other.mean;
            m2 = other.m2;
            min = other.min;
            max = other.max;
            return;
        }
        long n = count + other.count;
        double delta = other.mean - mean;
        mean = mean + delta * ((double) other.count / n);
        m2 = m2 + other.m2 + delta * delta * ((double) count * other.count / n);
        count = n;
        addToSum(other.sum());
        addToSumsq(other.sumsq());
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    private void addToSum(double value) {
        double t = sum + value;
        sumCompensation += Math.abs(sum) >= Math.abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
    }

    private void addToSumsq(double value) {
        double t = sumsq + value;
        sumsqCompensation += Math.abs(sumsq) >= Math.abs(value) ? (sumsq - t) + value : (value - t) + sumsq;
        sumsq = t;
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum + sumCompensation;
    }

    public double sumsq() {
        return sumsq + sumsqCompensation;
    }

    public double mean() {
        return mean;
    }

    public double m2() {
        return m2;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /**
     * The sample standard deviation, sqrt(M2 / (n - 1)), as SQL's stddev (Stellio, Mintaka) gives
     * it; 0 for a single value.
     */
    public double stddev() {
        return count < 2 ? 0 : Math.sqrt(m2 / (count - 1));
    }
}
