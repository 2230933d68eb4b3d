package city.tsunagu.adapters.expression;

import java.math.BigInteger;
import org.apache.commons.jexl3.JexlArithmetic;

/**
 * JEXL arithmetic with the IoT Agents' (JavaScript) meaning where JEXL's differs: {@code a|t}
 * applies transform {@code t}, and dividing integers that do not divide evenly gives a
 * fraction ({@code 223/100} is 2.23, not 2).
 */
final class IotAgentArithmetic extends JexlArithmetic {
    IotAgentArithmetic() {
        super(true);
    }

    @Override
    public Object or(Object left, Object right) {
        if (right instanceof Transform transform) {
            return transform.apply(left);
        }
        return super.or(left, right);
    }

    @Override
    public Object divide(Object left, Object right) {
        left = integerText(left);
        right = integerText(right);
        if (integral(left) && integral(right)) {
            long divisor = ((Number) right).longValue();
            if (divisor != 0 && ((Number) left).longValue() % divisor != 0) {
                return ((Number) left).doubleValue() / divisor;
            }
        }
        return super.divide(left, right);
    }

    /** Readings in UltraLight are text: "223" divides as the integer it spells. */
    private static Object integerText(Object value) {
        if (value instanceof String text && text.strip().matches("[+-]?\\d{1,18}")) {
            return Long.parseLong(text.strip());
        }
        return value;
    }

    private static boolean integral(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger;
    }
}
