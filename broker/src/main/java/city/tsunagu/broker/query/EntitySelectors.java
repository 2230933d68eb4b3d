package city.tsunagu.broker.query;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.NgsiLd;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The id and idPattern parameters of the requests that select entities (query, purge), checked at the edge. */
final class EntitySelectors {
    private EntitySelectors() {
    }

    static List<String> ids(QueryParameters params) {
        List<String> ids = new ArrayList<>();
        for (String id : params.list("id")) {
            if (!NgsiLd.isUri(id)) {
                throw new BadRequestDataException("id '" + id + "' is not a URI");
            }
            ids.add(id);
        }
        return ids;
    }

    static Pattern idPattern(QueryParameters params) {
        String pattern = params.get("idPattern");
        if (pattern == null) {
            return null;
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new BadRequestDataException("idPattern is not a valid regular expression: " + e.getDescription());
        }
    }
}
