package city.tsunagu.broker.query.language;

import java.util.ArrayList;
import java.util.List;

/** Any operand holds ({@code |} in the query languages, also {@code ,} in scopeQ and type). */
public record Or(List<Condition> operands) implements Condition {
    public Or {
        operands = List.copyOf(operands);
        if (operands.size() < 2) {
            throw new IllegalArgumentException("Or needs at least two operands");
        }
    }

    /** The disjunction of the operands, nested disjunctions flattened; a single operand alone. */
    public static Condition of(List<Condition> operands) {
        List<Condition> flat = new ArrayList<>();
        for (Condition operand : operands) {
            if (operand instanceof Or or) {
                flat.addAll(or.operands());
            } else {
                flat.add(operand);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new Or(flat);
    }
}
