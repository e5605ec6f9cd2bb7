package dev.switchboard.protocol;

import java.util.List;

/** A whole (non-streamed) answer in the canonical model. */
public record ChatResponse(String id, String model, List<Part> parts, StopReason stopReason, Usage usage) {
    public ChatResponse {
        parts = List.copyOf(parts);
        usage = usage == null ? Usage.NONE : usage;
    }
}
