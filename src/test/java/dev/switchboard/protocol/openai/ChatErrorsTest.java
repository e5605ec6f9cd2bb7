package dev.switchboard.protocol.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.ApiError;
import org.junit.jupiter.api.Test;

class ChatErrorsTest {
    private final ChatCompletionsCodec codec = ChatCompletionsCodec.create();

    private void assertShape(ApiError error, String type, String code) {
        var body = codec.encodeError(error).get("error");
        assertEquals(error.message(), body.get("message").asText());
        assertEquals(type, body.get("type").asText(), error.type());
        assertTrue(body.has("param") && body.get("param").isNull());
        if (code == null) {
            assertTrue(body.get("code").isNull(), error.type());
        } else {
            assertEquals(code, body.get("code").asText(), error.type());
        }
    }

    @Test
    void rendersEveryNeutralKindInOpenAiTerms() {
        assertShape(new ApiError(400, "invalid_request", "bad"), "invalid_request_error", null);
        assertShape(new ApiError(401, "authentication", "who"), "authentication_error", "invalid_api_key");
        assertShape(new ApiError(403, "permission", "no"), "permission_error", null);
        assertShape(new ApiError(404, "not_found", "The model 'x' does not exist"), "invalid_request_error",
                "model_not_found");
        assertShape(new ApiError(413, "request_too_large", "big"), "invalid_request_error", "request_too_large");
        assertShape(new ApiError(429, "rate_limit", "slow"), "rate_limit_error", "rate_limit_exceeded");
        assertShape(new ApiError(503, "overloaded", "busy"), "server_error", "overloaded");
        assertShape(new ApiError(500, "server_error", "oops"), "server_error", null);
        assertShape(new ApiError(502, "upstream_error", "all failed"), "upstream_error", null);
        assertShape(new ApiError(500, "something_new", "?"), "api_error", null);
    }

    @Test
    void readsUpstreamErrorKindsFromTypeCodeOrStatus() {
        assertEquals("rate_limit", ChatErrors.neutralType(Fixtures.json("responses/error.json").get("error")));
        assertEquals("server_error", ChatErrors.neutralType(
                Fixtures.JSON.createObjectNode().put("type", "server_error").putNull("code")));
        assertEquals("overloaded", ChatErrors.neutralType(Fixtures.JSON.createObjectNode().put("code", 503)));
        assertEquals("invalid_request", ChatErrors.neutralType(
                Fixtures.JSON.createObjectNode().put("type", "invalid_request_error").put("code", "context_length_exceeded")));
        assertEquals("authentication", ChatErrors.neutralType(Fixtures.JSON.createObjectNode().put("code", "401")));
    }
}
