package city.tsunagu.adapters.expression;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** JEXL array literals are Java arrays (often of a primitive type); callers want lists. */
public final class JexlValues {
    private JexlValues() {
    }

    /** The elements of an array or collection, or null when {@code value} is neither. */
    public static List<Object> toList(Object value) {
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value != null && value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> list = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        return null;
    }
}
