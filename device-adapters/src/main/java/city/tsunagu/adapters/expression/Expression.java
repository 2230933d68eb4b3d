package city.tsunagu.adapters.expression;

import java.util.Map;
import java.util.Set;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlScript;

/** A compiled expression and the variables it reads. */
public final class Expression {
    private final String source;
    private final JexlScript script;
    private final Set<String> variables;

    Expression(String source, JexlScript script, Set<String> variables) {
        this.source = source;
        this.script = script;
        this.variables = variables;
    }

    public String source() {
        return source;
    }

    /** The names this expression reads, transforms left out. */
    public Set<String> variables() {
        return variables;
    }

    /** The value for these variables; every name in {@link #variables()} must be among them. */
    public Object evaluate(Map<String, ?> values) {
        try {
            return script.execute(new Context(values));
        } catch (JexlException | IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            throw new ExpressionException("Expression [" + source + "] failed: " + Expressions.reason(e), e);
        }
    }

    /** Measures first; a name no measure has that is a transform is the transform. */
    private record Context(Map<String, ?> values) implements JexlContext {
        @Override
        public Object get(String name) {
            if (values.containsKey(name)) {
                return values.get(name);
            }
            return Transform.WITHOUT_ARGUMENTS.contains(name) ? new Transform(name, java.util.List.of()) : null;
        }

        @Override
        public void set(String name, Object value) {
            throw new UnsupportedOperationException("expressions cannot assign variables");
        }

        @Override
        public boolean has(String name) {
            return values.containsKey(name) || Transform.WITHOUT_ARGUMENTS.contains(name);
        }
    }
}
