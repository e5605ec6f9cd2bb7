package dev.switchboard.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.StoreException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a refusal becomes the admin API's answer, without a server: the store's kinds, and no secret shown. */
class AdminRefusalTest {
    @Test
    void aStoreRefusalAnswersWithItsKindsStatusTypeAndCode() {
        var expected = List.of(
                List.of("INVALID", "400", "invalid_request_error", "invalid"),
                List.of("NOT_FOUND", "404", "not_found_error", "not_found"),
                List.of("CONFLICT", "409", "conflict_error", "conflict"),
                List.of("UNAVAILABLE", "503", "server_error", "store_unavailable"));
        for (var row : expected) {
            var answer = AdminRefusal.of(new StoreException(StoreException.Kind.valueOf(row.get(0)), "why")).answer();

            assertEquals(Integer.parseInt(row.get(1)), answer.status(), row.get(0));
            var error = ((JsonNode) answer.body()).get("error");
            assertEquals("why", error.get("message").asText());
            assertEquals(row.get(2), error.get("type").asText());
            assertTrue(error.get("param").isNull(), "the OpenAI shape has a param");
            assertEquals(row.get(3), error.get("code").asText());
        }
    }

    @Test
    void aStoreRefusalNeverShowsAKeySwitchboardHolds() {
        var key = ApiKey.of("sk-test-refusal-0000000042").reveal();

        var answer = AdminRefusal.of(new StoreException(StoreException.Kind.INVALID, "upstream said " + key))
                .answer();

        var message = ((JsonNode) answer.body()).get("error").get("message").asText();
        assertFalse(message.contains(key), message);
        assertTrue(message.startsWith("upstream said "), message);
    }

    @Test
    void aBadRequestIsA400InvalidRequest() {
        var answer = AdminRefusal.badRequest("\"x\" must be a string.").answer();

        assertEquals(400, answer.status());
        var error = ((JsonNode) answer.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("invalid_request", error.get("code").asText());
    }
}
