package city.tsunagu.broker.ld;

import com.apicatalog.jsonld.context.ActiveContext;
import com.apicatalog.jsonld.context.TermDefinition;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The term definitions of one processed @context, flattened into look-up maps: what expansion
 * and compaction of names need, computed once by Titanium's context processing.
 *
 * <p>Immutable and shared between requests.
 */
final class TermMap {
    static final TermMap EMPTY = new TermMap(Map.of(), Map.of(), Map.of(), Set.of(), null);

    /** term → IRI (or keyword, for keyword aliases such as id → @id). */
    final Map<String, String> terms;
    /** terms usable as the prefix of a compact IRI (JSON-LD 1.1 prefix flag) → their IRI. */
    final Map<String, String> prefixes;
    /** IRI → the term chosen for it: shortest, then lexicographically least, as JSON-LD term selection. */
    final Map<String, String> iriToTerm;
    /** every term name with a definition (they block vocab-relative compaction of the same name). */
    final Set<String> defined;
    /** the @vocab in force after processing, or null. */
    final String vocab;

    private TermMap(Map<String, String> terms, Map<String, String> prefixes, Map<String, String> iriToTerm,
                    Set<String> defined, String vocab) {
        this.terms = terms;
        this.prefixes = prefixes;
        this.iriToTerm = iriToTerm;
        this.defined = defined;
        this.vocab = vocab;
    }

    /**
     * Flattens an active context, leaving out the terms named in {@code overridden}: those the
     * core context redefines, since it is applied last and wins.
     */
    static TermMap of(ActiveContext active, Set<String> overridden) {
        Map<String, String> terms = new HashMap<>();
        Map<String, String> prefixes = new HashMap<>();
        Map<String, String> iriToTerm = new HashMap<>();
        Set<String> defined = new HashSet<>();
        for (Map.Entry<String, TermDefinition> entry : active.getTermsMapping().entrySet()) {
            String term = entry.getKey();
            if (overridden.contains(term)) {
                continue;
            }
            TermDefinition definition = entry.getValue();
            if (definition == null || definition.getUriMapping() == null) {
                // A term defined as null: JSON-LD would drop such a member. NGSI-LD attributes are
                // not dropped silently, so it is treated as undefined (vocab-relative, round trip intact).
                continue;
            }
            defined.add(term);
            String iri = definition.getUriMapping();
            terms.put(term, iri);
            if (definition.isPrefix()) {
                prefixes.put(term, iri);
            }
            if (!definition.isReverseProperty()) {
                iriToTerm.merge(iri, term, TermMap::preferred);
            }
        }
        return new TermMap(Collections.unmodifiableMap(terms), Collections.unmodifiableMap(prefixes),
                Collections.unmodifiableMap(iriToTerm), Collections.unmodifiableSet(defined),
                active.getVocabularyMapping());
    }

    /** JSON-LD's term order (inverse context creation): shortest first, then lexicographically least. */
    static String preferred(String a, String b) {
        if (a.length() != b.length()) {
            return a.length() < b.length() ? a : b;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    int size() {
        return terms.size();
    }
}
