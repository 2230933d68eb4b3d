/**
 * The NGSI-LD query languages as one AST ({@link city.tsunagu.broker.query.language.Condition}):
 * the query language of {@code q} (ETSI GS CIM 009 v1.9.1, 4.9), the scope query language of
 * {@code scopeQ} (4.19) and the entity type selection language of {@code type} (4.17).
 *
 * <p>{@link city.tsunagu.broker.query.language.QueryLanguage} parses; a condition is evaluated in
 * memory with {@link city.tsunagu.broker.query.language.Condition#matches} (subscriptions, and
 * the re-check of store results) and turned into a MongoDB filter on the layout of
 * {@code EntityDocuments} with {@link city.tsunagu.broker.query.language.EntityFilter#of}. The
 * filter selects a superset of what {@code matches} accepts, and says when it is exact.
 *
 * <p>Nothing here depends on HTTP; only {@code EntityFilter} knows MongoDB.
 */
package city.tsunagu.broker.query.language;
