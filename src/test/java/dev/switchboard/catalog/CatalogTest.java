package dev.switchboard.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogTest {
    private static final String SONNET = "{\"id\":\"claude-sonnet-4-5\",\"provider\":\"anthropic\",\"name\":\"Sonnet\","
            + "\"released\":\"2025-09-29\",\"context\":1000000}";
    private static final String NEW = "{\"id\":\"acme-1\",\"provider\":\"acme\",\"name\":\"Acme 1\","
            + "\"released\":\"2026-05-01\"}";

    @TempDir
    Path dir;

    @Test
    void topLevelModelsJsonIsTheOneInTheJar() throws IOException {
        // The build runs in the repository root, where DESIGN §5 puts the catalog people read and diff.
        byte[] top = Files.readAllBytes(Path.of("models.json"));
        try (InputStream in = Catalog.class.getResourceAsStream("models.json")) {
            assertArrayEquals(top, in.readAllBytes(), "models.json and the resource copy differ: run scripts/build-catalog");
        }
    }

    @Test
    void bundledRowsAreValidAndComplete() {
        List<ModelFacts> all = Catalog.bundled().all();
        assertEquals(220, all.size());
        Set<String> ids = new HashSet<>();
        for (ModelFacts f : all) {
            assertTrue(ids.add(f.id().toLowerCase()), "duplicate " + f.id());
            assertTrue(f.input().contains("text"), f.id());
            assertTrue(f.released().isAfter(LocalDate.of(2022, 12, 31)), f.id());
            assertTrue(f.context() == null || f.context() > 0, f.id());
            assertTrue(f.output() == null || f.output() > 0, f.id());
        }
        ModelFacts sonnet = Catalog.bundled().lookup("claude-sonnet-4-5").orElseThrow();
        assertEquals(new ModelFacts("claude-sonnet-4-5", "anthropic", "Claude Sonnet 4.5 (latest)", "claude-sonnet",
                LocalDate.of(2025, 9, 29), 200000, 64000, List.of("text", "image", "pdf"), true, true, false, false),
                sonnet);
        // Image models have no token limits in the source; unknown stays unknown rather than becoming 0.
        assertNull(Catalog.bundled().lookup("gpt-image-1").orElseThrow().context());
    }

    @ParameterizedTest(name = "{0}: openaiReasoning {1}")
    @CsvSource({
            "o3, true",
            "o4-mini-2025-04-16, true",
            "gpt-5, true",
            "openai/gpt-5-mini, true",
            "gpt-5.1-codex, true",
            // OpenAI's chat model takes temperature and max_tokens; so do reasoning models of other providers
            "gpt-5-chat-latest, false",
            "gpt-4.1, false",
            "gpt-4o, false",
            "claude-opus-4-7, false",
            "qwen3-32b, false",
    })
    void openaiReasoningMarksOpenAisReasoningModelsOnly(String model, boolean openaiReasoning) {
        ModelFacts facts = Catalog.bundled().lookup(model).orElseThrow();
        assertEquals(openaiReasoning, facts.openaiReasoning(), facts.id());
        if (openaiReasoning) {
            assertTrue(facts.reasoning(), "a narrower fact than reasoning: " + facts.id());
        }
    }

    @Test
    void anOverrideRowCanMarkAModelAsAnOpenAiReasoningModel() throws IOException {
        write("{\"version\":1,\"models\":[{\"id\":\"o9-mini\",\"provider\":\"openai\",\"name\":\"o9-mini\","
                + "\"released\":\"2027-01-01\",\"reasoning\":true,\"openaiReasoning\":true}]}");
        assertTrue(Catalog.load(dir).lookup("o9-mini").orElseThrow().openaiReasoning());
    }

    @Test
    void withoutAnOverrideLoadIsTheBundledCatalog() {
        Catalog catalog = Catalog.load(dir);
        assertEquals(Catalog.bundled().all(), catalog.all());
        assertEquals(List.of(), catalog.notices());
    }

    @Test
    void overrideReplacesSameIdsAndAddsNewOnes() throws IOException {
        write("{\"version\":1,\"models\":[" + SONNET + "," + NEW + "]}");
        Catalog catalog = Catalog.load(dir);
        assertEquals(221, catalog.all().size());
        ModelFacts sonnet = catalog.lookup("anthropic/claude-sonnet-4-5").orElseThrow();
        assertEquals(1000000, sonnet.context());
        assertEquals("Sonnet", sonnet.name());
        assertNull(sonnet.output());
        assertEquals(List.of("text"), sonnet.input());
        assertFalse(sonnet.reasoning());
        ModelFacts acme = catalog.lookup("acme/Acme-1:free").orElseThrow();
        assertEquals("acme-1", acme.id());
        assertEquals(1, catalog.notices().size());
        assertTrue(catalog.notices().get(0).contains("replaced 1 and added 1"), catalog.notices().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[]",
            "{\"models\":[]}",
            "{\"version\":2,\"models\":[]}",
            "{\"version\":\"1\",\"models\":[]}",
            "{\"version\":1}",
            "{\"version\":1,\"models\":[42]}",
            "{\"version\":1,\"models\":[{\"id\":\"x\",\"provider\":\"p\",\"name\":\"X\"}]}",
            "{\"version\":1,\"models\":[{\"id\":\"x\",\"provider\":\"p\",\"name\":\"X\",\"released\":\"2025-13-01\"}]}",
            "{\"version\":1,\"models\":[{\"id\":\"x\",\"provider\":\"p\",\"name\":\"X\",\"released\":\"2025-01-01\","
                    + "\"context\":0}]}",
            "{\"version\":1,\"models\":[{\"id\":\"x\",\"provider\":\"p\",\"name\":\"X\",\"released\":\"2025-01-01\","
                    + "\"output\":-5}]}",
            "{\"version\":1,\"models\":[{\"id\":\"x\",\"provider\":\"p\",\"name\":\"X\",\"released\":\"2025-01-01\","
                    + "\"context\":1.5}]}",
            "{\"version\":1,\"models\":[{\"id\":\"x\",\"provider\":\"p\",\"name\":\"X\",\"released\":\"2025-01-01\","
                    + "\"input\":[\"smell\"]}]}",
            "{\"version\":1,\"models\":[{\"id\":\"x\",\"provider\":\"p\",\"name\":\"X\",\"released\":\"2025-01-01\","
                    + "\"tools\":\"yes\"}]}",
            "{\"version\":1,\"models\":[{\"id\":\"x\",\"provider\":\"p\",\"name\":\"X\",\"released\":\"2025-01-01\","
                    + "\"openaiReasoning\":1}]}",
            "{\"version\":1,\"models\":[{\"id\":\"\",\"provider\":\"p\",\"name\":\"X\",\"released\":\"2025-01-01\"}]}",
            "{\"version\":1,\"models\":[" + NEW + "," + NEW + "]}",
    })
    void malformedOverrideFallsBackToTheBundledCatalogWithANotice(String content) throws IOException {
        write(content);
        Catalog catalog = Catalog.load(dir);
        assertEquals(Catalog.bundled().all(), catalog.all());
        assertEquals(1, catalog.notices().size());
        String notice = catalog.notices().get(0);
        assertTrue(notice.startsWith("Ignoring " + dir.resolve("models.json")), notice);
        assertTrue(notice.contains("bundled model catalog"), notice);
    }

    @Test
    void aFolderNamedModelsJsonIsNotAnOverride() throws IOException {
        Files.createDirectory(dir.resolve("models.json")); // a folder by that name is not an override
        assertEquals(List.of(), Catalog.load(dir).notices());
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() throws IOException {
        write("{\"version\":1,\"extra\":true,\"models\":[{\"id\":\"acme-2\",\"provider\":\"acme\",\"name\":\"A\","
                + "\"released\":\"2026-01-01\",\"price\":3}]}");
        assertTrue(Catalog.load(dir).lookup("acme-2").isPresent());
    }

    // today 2026-03-15, 6 months: the window opens on 2025-09-15, both ends inclusive.
    @ParameterizedTest(name = "{0} within {1} months of 2026-03-15: {2}")
    @CsvSource({
            "2025-09-14, 6, false",
            "2025-09-15, 6, true",
            "2025-09-16, 6, true",
            "2026-03-15, 6, true",
            "2026-06-01, 6, true",
            "2026-03-14, 0, false",
            "2026-03-15, 0, true",
            "2025-03-15, 12, true",
            "2025-03-14, 12, false",
    })
    void recentIsTheLastNMonths(LocalDate released, int months, boolean recent) {
        ModelFacts facts = new ModelFacts("m", "p", "M", null, released, null, null, List.of("text"), false, false,
                false, false);
        assertEquals(recent, Catalog.recent(facts, LocalDate.of(2026, 3, 15), months));
    }

    @Test
    void recentAtMonthEndsClampsToTheShorterMonth() {
        // 2026-03-31 minus 1 month is 2026-02-28: the last day of the shorter month opens the window.
        ModelFacts feb28 = new ModelFacts("m", "p", "M", null, LocalDate.of(2026, 2, 28), null, null, List.of(), false,
                false, false, false);
        ModelFacts feb27 = new ModelFacts("m", "p", "M", null, LocalDate.of(2026, 2, 27), null, null, List.of(), false,
                false, false, false);
        assertTrue(Catalog.recent(feb28, LocalDate.of(2026, 3, 31), 1));
        assertFalse(Catalog.recent(feb27, LocalDate.of(2026, 3, 31), 1));
        assertThrows(IllegalArgumentException.class, () -> Catalog.recent(feb28, LocalDate.of(2026, 3, 31), -1));
    }

    @Test
    void theBundledCatalogSaysWhenItWasMade() {
        // A fetched catalog is compared by it: without it, every published one would count as newer.
        assertNotNull(Catalog.bundled().updated());
    }

    @Test
    void aFetchedCatalogOlderThanTheBundledOneIsIgnoredAtLoad() throws IOException {
        // Left from before this Switchboard was updated to a release that carries a later catalog.
        writeFetched("{\"version\":1,\"updated\":\"" + Catalog.bundled().updated().minusSeconds(1) + "\","
                + "\"models\":[" + NEW + "]}");
        Catalog catalog = Catalog.load(dir);
        assertEquals(Catalog.bundled().all(), catalog.all());
        assertEquals(Catalog.bundled().updated(), catalog.updated());
        assertEquals(List.of(), catalog.notices());
    }

    @Test
    void aNewerFetchedCatalogReplacesTheBundledRowsAndSaysSo() throws IOException {
        var edition = Catalog.bundled().updated().plusSeconds(60);
        writeFetched("{\"version\":1,\"updated\":\"" + edition + "\",\"models\":[" + SONNET + "," + NEW + "]}");
        Catalog catalog = Catalog.load(dir);
        assertEquals(2, catalog.all().size(), "a whole edition: rows it dropped are gone");
        assertEquals(edition, catalog.updated());
        assertEquals(1, catalog.notices().size());
        assertTrue(catalog.notices().get(0).contains("newer than the bundled one"), catalog.notices().get(0));
    }

    @Test
    void aFetchedCatalogWithoutADateIsNotUsed() throws IOException {
        writeFetched("{\"version\":1,\"models\":[" + NEW + "]}");
        assertEquals(Catalog.bundled().all(), Catalog.load(dir).all());
    }

    @Test
    void aDamagedFetchedCatalogFallsBackToTheBundledOneWithANotice() throws IOException {
        writeFetched("{\"version\":1,\"updated\":\"not a time\",\"models\":[]}");
        Catalog catalog = Catalog.load(dir);
        assertEquals(Catalog.bundled().all(), catalog.all());
        assertEquals(1, catalog.notices().size());
        assertTrue(catalog.notices().get(0).contains("catalog update"), catalog.notices().get(0));
    }

    private void writeFetched(String content) throws IOException {
        Files.createDirectories(Catalog.fetchedFile(dir).getParent());
        Files.writeString(Catalog.fetchedFile(dir), content, StandardCharsets.UTF_8);
    }

    private void write(String content) throws IOException {
        Files.writeString(dir.resolve("models.json"), content, StandardCharsets.UTF_8);
    }
}
