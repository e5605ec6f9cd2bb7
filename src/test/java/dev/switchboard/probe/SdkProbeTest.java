package dev.switchboard.probe;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SdkProbeTest {
    @Test
    void probe() throws Exception {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            System.out.println("PROBE " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " ? "
                    + ex.getRequestURI().getRawQuery() + " headers=" + ex.getRequestHeaders().keySet()
                    + " body=" + new String(ex.getRequestBody().readAllBytes()));
            var body = "{}".getBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        var base = "http://127.0.0.1:" + server.getAddress().getPort();
        var openai = com.openai.client.okhttp.OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey("k").maxRetries(0).build();
        try { openai.models().retrieve("relay/up model+x"); } catch (Exception e) { System.out.println("PROBE openai " + e.getClass()); }
        try { openai.models().list(); } catch (Exception e) { System.out.println("PROBE openai " + e.getClass()); }
        var anth = com.anthropic.client.okhttp.AnthropicOkHttpClient.builder().baseUrl(base).authToken("t").maxRetries(0).build();
        try { anth.models().retrieve("relay/up model+x"); } catch (Exception e) { System.out.println("PROBE anth " + e.getClass()); }
        try { anth.models().list(); } catch (Exception e) { System.out.println("PROBE anth " + e.getClass()); }
        var g = com.google.genai.Client.builder().apiKey("gk").httpOptions(com.google.genai.types.HttpOptions.builder().baseUrl(base).build()).build();
        try { g.models.get("relay/up model+x", null); } catch (Exception e) { System.out.println("PROBE g " + e); }
        try { g.models.list(null); } catch (Exception e) { System.out.println("PROBE g " + e); }
        try { g.models.list(com.google.genai.types.ListModelsConfig.builder().pageSize(2).build()); } catch (Exception e) { System.out.println("PROBE g " + e); }
        try { g.models.countTokens("relay/x", "hello", null); } catch (Exception e) { System.out.println("PROBE g " + e); }
        var g1 = com.google.genai.Client.builder().apiKey("gk").httpOptions(com.google.genai.types.HttpOptions.builder().baseUrl(base).apiVersion("v1").build()).build();
        try { g1.models.list(null); } catch (Exception e) { System.out.println("PROBE g1 " + e); }
        server.stop(0);
    }
}
