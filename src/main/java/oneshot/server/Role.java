package oneshot.server;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. {@link #ADMIN} may do everything; {@link #RECOGNITION} identifies, verifies, detects and reads.
 * Routes without a role (health, the OpenAPI document, the web page) need no key.
 */
public enum Role implements RouteRole {
    ADMIN,
    RECOGNITION;

    /** True when a caller holding {@code held} may call a route that needs this role. */
    public boolean grantedTo(Role held) {
        return held == ADMIN || held == this;
    }

    /** The lower-case name used in key files and messages. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
