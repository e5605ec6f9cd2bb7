package dev.switchboard.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogLookupTest {
    private static final Catalog CATALOG = Catalog.bundled();

    // Real names as upstreams list them (OpenAI, Anthropic, Google, OpenRouter, Bedrock, Vertex, Together, Fireworks,
    // Hugging Face, Ollama, DeepSeek, SiliconFlow). An empty expectation means "must not match".
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NONE", value = {
            // exact ids and namespaces
            "claude-sonnet-4-5,                                     claude-sonnet-4-5",
            "gpt-4,                                                 gpt-4",
            "gpt-4o,                                                gpt-4o",
            "models/gemini-2.5-pro,                                 gemini-2.5-pro",
            "openrouter/anthropic/claude-sonnet-4.5,                claude-sonnet-4-5",
            "anthropic/claude-3.5-sonnet,                           claude-3-5-sonnet-20241022",
            "deepseek-ai/DeepSeek-R1,                               deepseek-r1",
            "MiniMaxAI/MiniMax-M2,                                  MiniMax-M2",
            "zai-org/GLM-4.6,                                       glm-4.6",
            "mistral-large-2411,                                    mistral-large-2411",
            "gpt-4o-2024-08-06,                                     gpt-4o-2024-08-06",
            // dates and snapshots
            "claude-sonnet-4-5@20250929,                            claude-sonnet-4-5-20250929",
            "claude-3-5-haiku-latest,                               claude-3-5-haiku-20241022",
            "claude-sonnet-4-20250514,                              claude-sonnet-4-20250514",
            "claude-opus-4,                                         claude-opus-4-20250514",
            "gpt-4-0613,                                            gpt-4",
            "gpt-3.5-turbo-0125,                                    gpt-3.5-turbo",
            "gpt-4-turbo-2024-04-09,                                gpt-4-turbo",
            "gpt-4o-mini-2024-07-18,                                gpt-4o-mini",
            "gpt-5-2025-08-07,                                      gpt-5",
            "o3-pro-2025-06-10,                                     o3-pro",
            "accounts/fireworks/models/deepseek-r1-0528,            deepseek-r1",
            "gemini-2.5-flash-preview-05-20,                        gemini-2.5-flash",
            "gemini-2.5-flash-lite-preview-09-2025,                 gemini-2.5-flash-lite",
            "gemini-2.0-flash-001,                                  gemini-2.0-flash",
            "gemini-2.0-flash-exp,                                  gemini-2.0-flash",
            "gemini-3-pro,                                          gemini-3-pro-preview",
            "command-r-plus-08-2024,                                command-r-plus-08-2024",
            "command-a,                                             command-a-03-2025",
            "Qwen/Qwen3-235B-A22B-Instruct-2507-FP8,                qwen3-235b-a22b",
            // router tags, Bedrock, quantization, variants
            "z-ai/glm-4.5-air:free,                                 glm-4.5-air",
            "anthropic/claude-3.7-sonnet:thinking,                  claude-3-7-sonnet-20250219",
            "us.anthropic.claude-3-5-haiku-20241022-v1:0,           claude-3-5-haiku-20241022",
            "anthropic.claude-sonnet-4-5-20250929-v1:0,             claude-sonnet-4-5-20250929",
            "google/gemma-4-31b-it:free,                            gemma-4-31b-it",
            "Qwen/Qwen3-Next-80B-A3B-Thinking-FP8,                  qwen3-next-80b-a3b-thinking",
            "Qwen/Qwen3-Next-80B-A3B-Instruct,                      qwen3-next-80b-a3b-instruct",
            "meta-llama/Llama-3.3-70B-Instruct-Turbo,               llama-3.3-70b-instruct",
            "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8,     llama-4-maverick-17b-instruct",
            "llama3.3:70b,                                          llama-3.3-70b-instruct",
            "qwen3:32b,                                             qwen3-32b",
            "deepseek/deepseek-chat-v3-0324:free,                   deepseek-chat",
            "o3-mini-high,                                          o3-mini",
            "gpt-4o-mini-search-preview,                            gpt-4o-mini",
            "moonshotai/kimi-k2-thinking,                           kimi-k2-thinking",
            // must not match
            "my-custom-model,                                       NONE",
            "text-embedding-3-small,                                NONE",
            "deepseek-ai/DeepSeek-V3.2,                             NONE",
            "gpt-4.5-preview,                                       NONE",
            "gpt-6,                                                 NONE",
            "claude-opus-4-9,                                       NONE",
            "gemini-1.5-pro,                                        NONE",
            "moonshotai/Kimi-K2-Instruct,                           NONE",
            "o1-mini,                                               NONE",
            "x-ai/grok-4,                                           NONE",
            "whisper-1,                                             NONE",
            "dall-e-3,                                              NONE",
    })
    void findsTheRowAnUpstreamNameMeans(String raw, String expected) {
        Optional<String> found = CATALOG.lookup(raw).map(ModelFacts::id);
        assertEquals(Optional.ofNullable(expected), found, raw);
    }

    @Test
    void everyCatalogIdFindsItself() {
        for (ModelFacts facts : CATALOG.all()) {
            assertEquals(Optional.of(facts), CATALOG.lookup(facts.id()), facts.id());
            assertEquals(Optional.of(facts), CATALOG.lookup(facts.provider() + "/" + facts.id().toUpperCase()),
                    facts.id());
        }
    }

    @Test
    void blankNamesFindNothing() {
        assertTrue(CATALOG.lookup("").isEmpty());
        assertTrue(CATALOG.lookup("   ").isEmpty());
        assertTrue(CATALOG.lookup(null).isEmpty());
        assertTrue(CATALOG.lookup("/").isEmpty());
    }

    @Test
    void gpt4NeverBecomesGpt4o() {
        assertEquals("gpt-4", CATALOG.lookup("openai/gpt-4").orElseThrow().id());
        assertEquals("gpt-4o", CATALOG.lookup("openai/gpt-4o").orElseThrow().id());
        assertEquals("gpt-4o-mini", CATALOG.lookup("gpt-4o-mini-2024-07-18").orElseThrow().id());
    }
}
