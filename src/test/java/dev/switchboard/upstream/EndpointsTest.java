package dev.switchboard.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsTest {

    private static Channel channel(ApiType type, String base, Map<String, String> options) {
        return new Channel(1, "c", type, base, List.of(ApiKey.of("sk-test-endpoints")), Map.of(), null, options, true);
    }

    @ParameterizedTest(name = "{0} {1} {2} stream={3}")
    @CsvSource(delimiter = '|', textBlock = """
            openai    | https://api.openai.com/v1                   | gpt-4o              | false | https://api.openai.com/v1/chat/completions
            responses | https://api.openai.com/v1                   | gpt-5               | true  | https://api.openai.com/v1/responses
            anthropic | https://api.anthropic.com                   | claude-sonnet-4-5   | true  | https://api.anthropic.com/v1/messages
            anthropic | https://relay.example/claude/v1             | claude-sonnet-4-5   | false | https://relay.example/claude/v1/messages
            gemini    | https://generativelanguage.googleapis.com   | gemini-2.5-pro      | true  | https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse
            gemini    | https://relay.example/v1beta                | models/gemini-2.5-flash | false | https://relay.example/v1beta/models/gemini-2.5-flash:generateContent
            azure     | https://res.openai.azure.com                | my deployment       | true  | https://res.openai.azure.com/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21
            azure     | https://res.openai.azure.com/openai         | gpt4o               | false | https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21
            """)
    void buildsEachTypesGenerationUrlFromTheBaseAsPasted(String type, String base, String model, boolean stream,
                                                         String expected) {
        assertEquals(expected, Endpoints.generate(channel(ApiType.of(type), base, Map.of()), model, stream).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            openai    | Authorization=Bearer k
            responses | Authorization=Bearer k
            anthropic | x-api-key=k, anthropic-version=2023-06-01
            gemini    | x-goog-api-key=k
            azure     | api-key=k
            """)
    void authenticatesEachTypeInItsOwnHeaderNeverInTheUrl(String type, String expected) {
        assertEquals(expected, Endpoints.auth(ApiType.of(type), "k").toString().replaceAll("[{}]", ""));
    }

    @org.junit.jupiter.api.Test
    void azureApiVersionComesFromTheChannelOption() {
        var c = channel(ApiType.AZURE, "https://res.openai.azure.com", Map.of("api-version", "2025-01-01-preview"));

        assertEquals("https://res.openai.azure.com/openai/deployments/d/chat/completions?api-version=2025-01-01-preview",
                Endpoints.generate(c, "d", false).toString());
    }
}
