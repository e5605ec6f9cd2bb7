package dev.switchboard.upstream;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a generation request for a channel goes and how it authenticates (DESIGN §4): the one place that knows
 * each API type's path and auth header. Base URLs are taken as people paste them: with or without the version
 * segment ({@code https://api.anthropic.com} and {@code https://relay.example/v1} both work).
 */
public final class Endpoints {
    /** Azure's GA api-version; a channel option {@code api-version} overrides it. */
    public static final String AZURE_API_VERSION = "2024-10-21";
    /** The Messages API version every Anthropic-compatible upstream accepts. */
    public static final String ANTHROPIC_VERSION = "2023-06-01";

    private Endpoints() {
    }

    /** The URL of a (streamed or whole) generation call for {@code model} on {@code channel}. */
    public static URI generate(Channel channel, String model, boolean stream) {
        var base = channel.baseUrl();
        return URI.create(switch (channel.type()) {
            case OPENAI -> base + "/chat/completions";
            case RESPONSES -> base + "/responses";
            case ANTHROPIC -> withVersion(base, "/v1") + "/messages";
            case GEMINI -> withVersion(base, "/v1beta") + "/models/" + encode(stripModelsPrefix(model))
                    + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
            case AZURE -> azureBase(base) + "/deployments/" + encode(model) + "/chat/completions?api-version="
                    + encode(channel.options().getOrDefault("api-version", AZURE_API_VERSION));
        });
    }

    /**
     * The URL of an OpenAI endpoint other than generation for {@code model} on {@code channel} ({@code path} as
     * OpenAI names it below {@code /v1}: {@code /embeddings}, {@code /audio/speech}, {@code /responses/compact}, …):
     * below the base URL for OpenAI-style APIs, as for generation; below the deployment for Azure, whose deployments
     * take the same bodies there. Anthropic and Gemini have no such endpoints: the caller never asks for them.
     */
    public static URI surface(Channel channel, String model, String path) {
        var base = channel.baseUrl();
        return URI.create(switch (channel.type()) {
            case OPENAI, RESPONSES -> base + path;
            case AZURE -> azureBase(base) + "/deployments/" + encode(model) + path + "?api-version="
                    + encode(channel.options().getOrDefault("api-version", AZURE_API_VERSION));
            case ANTHROPIC, GEMINI -> throw new IllegalArgumentException(channel.type().id() + " channels have no "
                    + path);
        });
    }

    /**
     * The auth headers for a call with {@code key}: Bearer for OpenAI-style APIs, {@code x-api-key} plus
     * {@code anthropic-version} for Anthropic, {@code x-goog-api-key} for Gemini (never {@code ?key=} in the
     * URL, where proxies and logs would keep it), {@code api-key} for Azure.
     */
    public static Map<String, String> auth(ApiType type, String key) {
        var h = new LinkedHashMap<String, String>();
        switch (type) {
            case OPENAI, RESPONSES -> h.put("Authorization", "Bearer " + key);
            case ANTHROPIC -> {
                h.put("x-api-key", key);
                h.put("anthropic-version", ANTHROPIC_VERSION);
            }
            case GEMINI -> h.put("x-goog-api-key", key);
            case AZURE -> h.put("api-key", key);
        }
        return h;
    }

    /** {@code base} ending in a version segment ({@code /v1}, {@code /v1beta}, …) as is; else with {@code version}. */
    static String withVersion(String base, String version) {
        var last = base.substring(base.lastIndexOf('/') + 1);
        return last.matches("v\\d+(beta\\d*|alpha\\d*)?") ? base : base + version;
    }

    /** Azure's resource URL, with or without the {@code /openai} segment people sometimes paste. */
    static String azureBase(String base) {
        return base.endsWith("/openai") ? base : base + "/openai";
    }

    /** Gemini model names come as {@code models/gemini-2.5-pro} from its own model list. */
    static String stripModelsPrefix(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
