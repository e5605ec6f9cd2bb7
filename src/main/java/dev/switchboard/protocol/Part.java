package dev.switchboard.protocol;

import java.util.List;

/** One piece of a message or of a response: the closed set every protocol maps to and from. */
public sealed interface Part {

    record Text(String text) implements Part {
    }

    /**
     * An image, either inline ({@code data} base64 with its {@code mediaType}) or by {@code url}.
     */
    record Image(String mediaType, String data, String url) implements Part {
        public static Image inline(String mediaType, String base64) {
            return new Image(mediaType, base64, null);
        }

        public static Image at(String url) {
            return new Image(null, null, url);
        }

        public boolean isInline() {
            return data != null;
        }
    }

    /**
     * The model calling a tool.
     *
     * @param arguments the arguments as a JSON object text ({@code "{}"} when there are none)
     * @param signature Gemini's {@code thoughtSignature} riding on a function call, or null; echoed back on the
     *                  next turn so Gemini's thinking continues
     */
    record ToolCall(String id, String name, String arguments, String signature) implements Part {
    }

    /**
     * The caller's answer to a tool call. {@code name} is the called tool's name where known: Gemini needs it,
     * the others refer to the call by id only.
     */
    record ToolResult(String callId, String name, List<Part> content, boolean isError) implements Part {
        public ToolResult {
            content = List.copyOf(content);
        }
    }

    /**
     * The model's reasoning. {@code signature} is Anthropic's thinking signature (or Gemini's thoughtSignature),
     * which must come back unchanged with the next turn; {@code redacted} marks Anthropic's
     * {@code redacted_thinking}, whose opaque payload travels in {@code signature}.
     */
    record Thinking(String text, String signature, boolean redacted) implements Part {
    }
}
