package city.tsunagu.broker.query.language;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;

/**
 * A condition as a MongoDB filter on the entity documents of {@code EntityDocuments}. The filter
 * selects every document whose entity {@link Condition#matches matches} (a superset); when
 * {@code exact}, it selects no other, so the store alone can count, skip and limit. Otherwise the
 * caller re-checks each document with {@code matches}.
 *
 * <p>Exact: scopes, types, existence (also {@code !attr}), numbers and booleans with every
 * operator, ranges of numbers, lists of numbers and booleans, the entity's and attributes'
 * createdAt/modifiedAt, strings where the path addresses a member (unitCode, datasetId,
 * observedAt as a string) or a key of the value ({@code attr[key]}, {@code color[en]}), and
 * case-sensitive regular expressions within the engines' common subset ({@link MongoRegex}) on
 * members. Not exact: strings on a whole attribute value (a LanguageProperty compares every
 * language's text, which a filter cannot address without knowing the languages), regular
 * expressions on values (mongo-java-server also matches them against numbers), DateTimes, Dates
 * and Times held as strings (observedAt, values: ISO strings of differing precision do not sort
 * as instants), {@code !=} with ranges, {@code !~=}, the {@code *} key, ranges with keys, and
 * Linked Entity conditions.
 *
 * <p>Only $and, $or, $nor, $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $regex and $elemMatch
 * are used: MongoDB and the embedded mongo-java-server both serve them alike.
 */
public record EntityFilter(Bson bson, boolean exact) {
    public EntityFilter {
        Objects.requireNonNull(bson, "bson");
    }

    /** The filter for a condition. */
    public static EntityFilter of(Condition condition) {
        return FilterBuilder.build(condition);
    }

    /** The filter as MongoDB extended JSON, for logs and messages. */
    @Override
    public String toString() {
        return bson.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry()).toJson()
                + (exact ? " (exact)" : " (superset)");
    }

    /** The conjunction of this filter with another one (e.g. the id and attrs selectors of the query). */
    public EntityFilter and(Bson other, boolean otherExact) {
        return new EntityFilter(Filters.and(bson, other), exact && otherExact);
    }
}
