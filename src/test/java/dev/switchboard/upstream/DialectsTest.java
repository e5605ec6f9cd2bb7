package dev.switchboard.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.protocol.ModelDialect;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ReasoningOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DialectsTest {
    private static final Dialects DIALECTS = new Dialects(Catalog.bundled());

    private static Channel channel(ApiType type, String option) {
        var options = option == null ? Map.<String, String>of() : Map.of(ReasoningOption.NAME, option);
        return new Channel(1, "c", type, "https://relay.example/v1", List.of(ApiKey.of("sk-test-dialects")),
                Map.of(), null, options, true);
    }

    @ParameterizedTest(name = "{0} channel, option {1}: {2} is {3}")
    @CsvSource(nullValues = "null", textBlock = """
            openai,    null,   gpt-5-mini,                 OPENAI_REASONING
            openai,    null,   o4-mini,                    OPENAI_REASONING
            openai,    null,   o3-2025-04-16,              OPENAI_REASONING
            openai,    null,   openai/gpt-5,               OPENAI_REASONING
            azure,     null,   o4-mini,                    OPENAI_REASONING
            openai,    auto,   gpt-5.1,                    OPENAI_REASONING
            openai,    null,   gpt-4o-mini,                STANDARD
            openai,    null,   gpt-4.1,                    STANDARD
            openai,    null,   deepseek-reasoner,          STANDARD
            openai,    null,   Qwen/Qwen3-235B-A22B,       STANDARD
            azure,     null,   prod-reasoner,              STANDARD
            azure,     always, prod-reasoner,              OPENAI_REASONING
            openai,    always, gpt-4o-mini,                OPENAI_REASONING
            openai,    never,  gpt-5-mini,                 STANDARD
            azure,     never,  o3,                         STANDARD
            responses, null,   gpt-5-mini,                 STANDARD
            responses, always, o3,                         STANDARD
            anthropic, null,   claude-sonnet-4-5,          STANDARD
            gemini,    always, gemini-2.5-pro,             STANDARD
            """)
    void theChannelsOptionWinsOverTheCatalogAndOnlyChatUpstreamsHaveTheReasoningDialect(
            String type, String option, String model, ModelDialect expected) {
        assertEquals(expected, DIALECTS.of(channel(ApiType.of(type), option), model));
    }
}
