package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.ok;

import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Setting;

/**
 * {@code GET /admin/settings} and {@code GET, PUT, DELETE /admin/settings/{key}}: every setting with its default
 * and description; PUT sets, DELETE resets to the default.
 */
record SettingsResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        var s = c.segments;
        var store = ctx.store().settings();
        if (s.length == 1) {
            c.allow("GET");
            var settings = store.load();
            var arr = AdminViews.NODES.arrayNode();
            for (var setting : Setting.values()) {
                arr.add(AdminViews.setting(setting, settings));
            }
            return ok(arr);
        }
        c.expectDepth(2);
        var setting = Setting.of(s[1]);
        if (c.is("GET")) {
            return ok(AdminViews.setting(setting, store.load()));
        }
        if (c.is("PUT")) {
            var body = c.body().only("value");
            var value = body.scalar("value");
            if (value == null) {
                throw AdminRefusal.badRequest("Give the value as {\"value\": …}; DELETE resets " + setting.key()
                        + " to its default.");
            }
            if (setting == Setting.OUTBOUND_PROXY && Masking.looksMasked(value)) {
                throw AdminRefusal.badRequest("That proxy URL looks masked (as Switchboard shows it); send the password"
                        + " itself.");
            }
            store.set(setting, value);
            return ok(AdminViews.setting(setting, store.load()));
        }
        c.allow("GET, PUT, DELETE");
        store.reset(setting);
        return ok(AdminViews.setting(setting, store.load()));
    }
}
