package city.tsunagu.broker.query.language;

import java.util.ArrayList;
import java.util.List;

/** All operands hold ({@code ;} in the query languages). */
public record And(List<Condition> operands) implements Condition {
    public And {
        operands = List.copyOf(operands);
        if (operands.size() < 2) {
            throw new IllegalArgumentException("And needs at least two operands");
        }
    }

    /** The conjunction of the operands, nested conjunctions flattened; a single operand alone. */
    public static Condition of(List<Condition> operands) {
        List<Condition> flat = new ArrayList<>();
        for (Condition operand : operands) {
            if (operand instanceof And and) {
                flat.addAll(and.operands());
            } else {
                flat.add(operand);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new And(flat);
    }
}
