package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/test}: the speed test, end to end. */
class AdminApiSpeedTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    @Test
    void speedTestReportsEachEntryWithTheReasonItFailed() throws Exception {
        var r = api.admin("POST", "/admin/test", "{\"channel\":\"relay\",\"timeoutSeconds\":20}");

        assertStatus(200, r);
        var results = r.json().get("results");
        assertEquals(2, results.size(), r.raw().body());
        for (var result : results) {
            assertFalse(result.get("ok").asBoolean());
            assertFalse(result.get("message").asText().isBlank(), "a failure says why: " + result);
        }
    }

    @Test
    void refusesASpeedTestBoundOutOfRangeInsteadOfBendingIt() throws Exception {
        for (var seconds : new int[] {0, -1, 601}) {
            var r = api.admin("POST", "/admin/test", "{\"channel\":\"relay\",\"timeoutSeconds\":" + seconds + "}");

            assertStatus(400, r);
            assertTrue(r.raw().body().contains("1 to 600 seconds"), r.raw().body());
        }
    }
}
