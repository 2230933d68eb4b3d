package city.tsunagu.adapters.expression;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * The expression language of attribute {@code expression}s and {@code entityNameExp}: Apache
 * Commons JEXL 3 restricted to expressions (no loops, assignments, lambdas, object creation or
 * Java class access) with the IoT Agents' transforms. What IoT Agent users write works as they
 * expect it: arithmetic ({@code level/100}, {@code (t-32)*5/9}), string concatenation, ternaries,
 * transforms ({@code name|substr(0,3)}, {@code value|trim}), and a GeoJSON Point from two measures
 * ({@code {'type': 'Point', 'coordinates': [lon, lat]}}; JEXL needs the keys quoted). One
 * difference remains: a pipe binds more loosely than arithmetic in JEXL, so write
 * {@code (value|parsefloat) * 2}.
 */
public final class Expressions {
    private static final JexlFeatures FEATURES = new JexlFeatures()
            .loops(false)
            .sideEffect(false)
            .sideEffectGlobal(false)
            .newInstance(false)
            .lambda(false)
            .structuredLiteral(true)
            .pragma(false)
            .annotation(false)
            .localVar(false)
            .script(false);

    private final JexlEngine engine = new JexlBuilder()
            .arithmetic(new IotAgentArithmetic())
            .features(FEATURES)
            .permissions(new JexlPermissions.ClassPermissions(JexlPermissions.RESTRICTED,
                    List.of(TransformFunctions.class.getName())))
            .namespaces(namespaces())
            .strict(true)
            .silent(false)
            .safe(false)
            .cache(1024)
            .create();
    private final Map<String, Expression> compiled = new ConcurrentHashMap<>();

    private static Map<String, Object> namespaces() {
        Map<String, Object> namespaces = new HashMap<>();
        namespaces.put(null, new TransformFunctions());
        return namespaces;
    }

    /** Compiles (once per source text) or says what is wrong with the expression. */
    public Expression compile(String source) {
        Expression known = compiled.get(source);
        if (known != null) {
            return known;
        }
        Expression expression = parse(source);
        if (compiled.size() < 10_000) {
            compiled.put(source, expression);
        }
        return expression;
    }

    private Expression parse(String source) {
        try {
            JexlScript script = engine.createScript(source);
            Set<String> variables = new LinkedHashSet<>();
            for (List<String> path : script.getVariables()) {
                String name = path.get(0);
                if (!Transform.WITHOUT_ARGUMENTS.contains(name)) {
                    variables.add(name);
                }
            }
            return new Expression(source, script, Set.copyOf(variables));
        } catch (JexlException e) {
            throw new ExpressionException(reason(e), e);
        }
    }

    static String reason(Exception e) {
        String message = e instanceof JexlException jexl ? jexl.getMessage() : String.valueOf(e.getMessage());
        // JEXL prefixes its messages with the Java location of the check; the user needs the rest
        int at = message.indexOf(' ');
        return at > 0 && message.substring(0, at).contains("@") ? message.substring(at + 1) : message;
    }
}
