package oneshot.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every matched route: a route with a {@link Role} needs an {@code X-Api-Key} of that role (or admin);
 * no or a wrong key is 401, a recognition key on an admin route is 403. Routes without a role are open.
 */
final class KeyCheck implements Handler {
    static final String HEADER = "X-Api-Key";

    private final ApiKeys keys;

    /** @param keys the server's keys, or null when keys are off (test mode) */
    KeyCheck(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void handle(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty() || keys == null) {
            return;
        }
        Role needed = roles.contains(Role.ADMIN) ? Role.ADMIN : Role.RECOGNITION;
        Optional<Role> held = keys.roleOf(ctx.header(HEADER));
        if (held.isEmpty()) {
            throw new ApiException(401, "unauthorized", ctx.header(HEADER) == null
                    ? "This route needs an API key in the " + HEADER + " header"
                    : "The " + HEADER + " given is not a key of this server");
        }
        if (!needed.grantedTo(held.get())) {
            throw new ApiException(403, "forbidden", "This route needs the " + needed.id() + " key; the key given is the "
                    + held.get().id() + " key");
        }
    }
}
