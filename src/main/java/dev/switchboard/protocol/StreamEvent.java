package dev.switchboard.protocol;

/**
 * The canonical stream (DESIGN §4). A well-formed stream is: {@link Start}; then blocks, each {@link BlockStart},
 * deltas of its kind, {@link BlockStop}, never two blocks open at once; then {@link Finish} once; {@link Usage}
 * may come anywhere. {@link Error} ends a stream that failed. Decoders produce whatever their upstream sends;
 * {@link StreamNormalizer} turns that into a well-formed stream before an encoder sees it.
 */
public sealed interface StreamEvent {

    /** The answer begins. */
    record Start(String id, String model) implements StreamEvent {
    }

    /** What kind of block opens. */
    enum BlockKind { TEXT, THINKING, REDACTED_THINKING, TOOL_CALL }

    /**
     * A block opens. {@code index} is the decoder's own key for the block (OpenAI's tool call index, Anthropic's
     * content index); the normalizer renumbers blocks 0, 1, 2… in the order they are emitted.
     *
     * @param toolCallId the call's id for a tool call (generated when the upstream gave none)
     * @param signature  Gemini's thoughtSignature on a function call, or redacted thinking's payload
     */
    record BlockStart(int index, BlockKind kind, String toolCallId, String toolName, String signature)
            implements StreamEvent {
        public static BlockStart text(int index) {
            return new BlockStart(index, BlockKind.TEXT, null, null, null);
        }

        public static BlockStart thinking(int index) {
            return new BlockStart(index, BlockKind.THINKING, null, null, null);
        }

        public static BlockStart toolCall(int index, String id, String name) {
            return new BlockStart(index, BlockKind.TOOL_CALL, id, name, null);
        }
    }

    record TextDelta(int index, String text) implements StreamEvent {
    }

    record ThinkingDelta(int index, String text) implements StreamEvent {
    }

    /** Anthropic's thinking signature (sent once, before the block stops). */
    record SignatureDelta(int index, String signature) implements StreamEvent {
    }

    /** A piece of a tool call's arguments JSON text. */
    record ToolArgumentsDelta(int index, String json) implements StreamEvent {
    }

    record BlockStop(int index) implements StreamEvent {
    }

    /** Usage so far; later values of known fields replace earlier ones ({@link dev.switchboard.protocol.Usage#merge}). */
    record Usage(dev.switchboard.protocol.Usage usage) implements StreamEvent {
    }

    /** The model finished. */
    record Finish(StopReason reason) implements StreamEvent {
    }

    /**
     * The upstream failed mid-stream.
     *
     * @param type a protocol-neutral kind: {@code overloaded}, {@code rate_limit}, {@code server_error},
     *             {@code invalid_request}, {@code authentication}, …
     */
    record Error(String type, String message) implements StreamEvent {
    }
}
