package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.ConfigDocument;
import dev.switchboard.store.ConfigExport;
import dev.switchboard.store.ConfigImport;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exported configuration, imported into an empty data folder, routes requests exactly as the original. */
class ImportedConfigRoutesTheSameTest {
    @TempDir
    Path original;

    @TempDir
    Path copy;

    private final WireMockServer first = new WireMockServer(options().dynamicPort());
    private final WireMockServer second = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() throws IOException {
        for (var upstream : List.of(first, second)) {
            upstream.start();
            upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ChatCompletionsSmokeTest.fixture("json/openai-chat-completion.json"))));
        }
    }

    @AfterEach
    void stop() {
        first.stop();
        second.stop();
    }

    /** Sends "auto", "fast" and an alias; returns "host-port key model" of what each upstream call carried. */
    private List<String> route(Store store) {
        var calls = new ArrayList<String>();
        try (var switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC())) {
            var client = OpenAIOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl() + "/v1").apiKey("x")
                    .maxRetries(0).build();
            for (var model : List.of("auto", "fast", "big")) {
                first.resetRequests();
                second.resetRequests();
                client.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                        .addUserMessage("hi").build());
                for (var upstream : List.of(first, second)) {
                    for (var e : upstream.getAllServeEvents()) {
                        var body = e.getRequest().getBodyAsString();
                        calls.add(model + " -> " + (upstream == first ? "first" : "second") + " "
                                + e.getRequest().getHeader("Authorization") + " "
                                + body.replaceAll(".*\"model\":\"([^\"]+)\".*", "$1"));
                    }
                }
            }
        }
        return calls;
    }

    @Test
    void routesTheSameAfterExportAndImportIntoAnEmptyDataFolder() {
        List<String> before;
        String exported;
        try (var store = Store.open(original, Database.Check.FULL, Clock.systemUTC())) {
            store.channels().create(ChannelDraft.of("one", ApiType.OPENAI, first.baseUrl() + "/v1",
                    List.of("sk-test-import-one")));
            store.channels().create(ChannelDraft.of("two", ApiType.OPENAI, second.baseUrl() + "/v1",
                    List.of("sk-test-import-two")));
            store.entries().add("one", "model-a", "big", true);
            store.entries().add("two", "model-b", null, true);
            store.entries().moveMember("auto", "two/model-b", 1);
            store.entries().createGroup("fast");
            store.entries().addMember("fast", "one/model-a", null);
            before = route(store);
            exported = ConfigExport.toJson(store, true);
        }

        List<String> after;
        try (var store = Store.open(copy, Database.Check.FULL, Clock.systemUTC())) {
            ConfigImport.apply(store, ConfigDocument.parse(exported), ConfigImport.Mode.REPLACE);
            after = route(store);
        }

        assertEquals(List.of(
                "auto -> second Bearer sk-test-import-two model-b",
                "fast -> first Bearer sk-test-import-one model-a",
                "big -> first Bearer sk-test-import-one model-a"), before);
        assertEquals(before, after);
    }
}
