package city.tsunagu.broker.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Endpoint URIs may carry credentials ({@code mqtt://user:password@host/topic}, 7.2; also
 * {@code http://user:password@host/path}). The broker keeps them for delivery and shows them
 * nowhere: a subscription as read, a log line and an error detail name the user with the
 * password written {@value #HIDDEN}, as connection strings are commonly shown.
 */
final class EndpointUris {
    static final String HIDDEN = "***";

    private EndpointUris() {
    }

    /** The URI with its password, if any, written as {@value #HIDDEN}; the user and all else as given. */
    static String withoutPassword(String uri) {
        String userInfo = rawUserInfo(uri);
        if (userInfo == null || !userInfo.contains(":")) {
            return uri;
        }
        // the raw user information is spliced, so the rest of the URI keeps its own encoding
        return uri.replaceFirst(Pattern.quote(userInfo + "@"),
                Matcher.quoteReplacement(userInfo.substring(0, userInfo.indexOf(':')) + ":" + HIDDEN + "@"));
    }

    /**
     * The URI a client sent back as it was shown ({@link #withoutPassword}) stands for the stored
     * one, whose password it hid: answers {@code stored} then, else {@code given}.
     */
    static String restore(String given, String stored) {
        return stored != null && !given.equals(stored) && given.equals(withoutPassword(stored)) ? stored : given;
    }

    /** The URI without user information: what an HTTP request goes to. */
    static String withoutUserInfo(String uri) {
        String userInfo = rawUserInfo(uri);
        return userInfo == null ? uri : uri.replaceFirst(Pattern.quote(userInfo + "@"), "");
    }

    /**
     * The Authorization header of HTTP Basic authentication (RFC 7617) for the user and password
     * of an http(s) URI, as curl and browsers send them; null when the URI names no user.
     */
    static String basicAuthorization(String uri) {
        String userInfo;
        try {
            userInfo = new URI(uri).getUserInfo();
        } catch (URISyntaxException e) {
            return null;
        }
        return userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    /** The URI's user information as written (percent-encoded), or null. */
    static String rawUserInfo(String uri) {
        try {
            return new URI(uri).getRawUserInfo();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
