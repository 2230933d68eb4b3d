package city.tsunagu.adapters.expression;

import java.util.List;

/**
 * The transforms that take arguments, as JEXL functions of the default namespace: in
 * {@code name|substr(0,3)} JEXL calls {@code substr(0,3)}, which returns the transform the pipe
 * then applies.
 */
public final class TransformFunctions {
    public Transform substr(Object start, Object length) {
        return new Transform("substr", List.of(start, length));
    }

    public Transform indexOf(Object text) {
        return new Transform("indexOf", List.of(text));
    }

    public Transform replacestr(Object from, Object to) {
        return new Transform("replacestr", List.of(from, to));
    }

    public Transform replaceallstr(Object from, Object to) {
        return new Transform("replaceallstr", List.of(from, to));
    }

    public Transform split(Object separator) {
        return new Transform("split", List.of(separator));
    }
}
