package city.tsunagu.broker.query.language;

import static city.tsunagu.broker.query.language.Fixtures.CORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.InvalidRequestException;
import city.tsunagu.broker.entity.model.Entity;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded random expressions — token soup, valid expressions with a character
 * deleted, replaced or inserted, and raw random characters — through the three parsers: each
 * either returns a condition or throws BadRequestData (or InvalidRequest) naming the parameter,
 * never anything else; every condition it returns evaluates on every fixture entity and runs as
 * a filter on the embedded store, agreeing with {@code matches}.
 */
class FuzzTest {
    private static final String RAW = "abcxyzABC0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\u0000\u007f\u00e9\u8d64\u2028\uD83D\uDE00\uDFFF";

    @Test
    void parsersReturnAConditionOrBadRequestData() {
        long seed = Long.getLong("tsunagu.test.seed", 42L);
        int rounds = Integer.getInteger("tsunagu.test.fuzz", 6000);
        RandomQueries random = new RandomQueries(seed);
        int[] valid = new int[3];
        for (int i = 0; i < rounds; i++) {
            String input = switch (i % 5) {
                case 0, 1 -> random.soup();
                case 2 -> random.mutation(random.q(3));
                case 3 -> random.mutation(random.random().nextBoolean() ? random.scopeQ(2) : random.types(2));
                default -> raw(random.random());
            };
            String label = "#" + i + " seed " + seed + " input " + escape(input);
            valid[0] += check(label, "q", input, s -> QueryLanguage.parseQ(s, CORE, List.of("category")));
            valid[1] += check(label, "scopeQ", input, QueryLanguage::parseScopeQ);
            valid[2] += check(label, "type", input, s -> QueryLanguage.parseTypeSelection(s, CORE));
        }
        assertThat(valid[0]).as("valid q among the fuzzed inputs").isGreaterThan(rounds / 50);
    }

    /** Parses; a condition must evaluate and run on the store. Returns 1 when the input was valid. */
    private static int check(String label, String param, String input, Function<String, Condition> parser) {
        Condition condition;
        try {
            condition = parser.apply(input);
        } catch (BadRequestDataException | InvalidRequestException e) {
            assertThat(e.getMessage()).as(label).startsWith(param + ": ");
            return 0;
        } catch (Throwable e) {
            throw new AssertionError(label + ": " + param + " threw " + e, e);
        }
        assertThat(condition).as(label).isNotNull();
        try {
            for (Entity entity : Fixtures.ENTITIES) {
                condition.matches(entity, StoredFixtures.FIXTURE);
            }
            StoredFixtures.agree(label + " " + param, condition);
        } catch (BadRequestDataException e) {
            assertThat(e.getMessage()).as(label).contains("regular expression");
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            fail(label + ": " + param + " " + condition + " failed to evaluate: " + e, e);
        }
        return 1;
    }

    private static String raw(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            out.append(RAW.charAt(random.nextInt(RAW.length())));
        }
        return out.toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.length() > 300 ? out.substring(0, 300) + "..." : out.toString();
    }
}
