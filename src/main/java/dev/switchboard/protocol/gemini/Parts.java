package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Gemini content parts to canonical parts and back, for request contents and for answers.
 *
 * <p>Where a {@code thoughtSignature} goes: on a function call it is the call's {@link Part.ToolCall#signature()};
 * on a thought part it is that thinking's signature; on a plain text part (Gemini 2.5 puts it on the first part
 * after the thoughts, Gemini 3 on the last part of the answer, often an empty text) it becomes a thinking part of
 * its own with empty text, placed just before the text, so it travels through other protocols as thinking does and
 * is put back on a text part when encoded.
 */
final class Parts {
    private Parts() {
    }

    /**
     * The function calls of one conversation or one answer as they are read, to give calls and results the ids
     * Gemini usually leaves out. In a request the ids are positional ({@code call_3_read_file} for the third
     * call), so the same history decodes to the same ids on every turn; in an answer they carry the answer's id
     * ({@link Wire#callIdStem}) so they stay unique across turns.
     */
    static final class Calls {
        private final String stem;
        private int count;
        /** Calls not answered yet, oldest first: {id, name}. */
        private final List<String[]> pending = new ArrayList<>();

        private Calls(String stem) {
            this.stem = stem;
        }

        static Calls forRequest() {
            return new Calls(null);
        }

        static Calls forAnswer(String responseId) {
            return new Calls(Wire.callIdStem(responseId));
        }

        String call(String id, String name) {
            var callId = id != null && !id.isEmpty() ? id : next(name);
            pending.add(new String[] {callId, name});
            return callId;
        }

        /**
         * The id of the call a result answers. Gemini matches results to calls by name (and order), and clients
         * give results ids of their own (Gemini CLI makes one when the call had none): a result's id counts only
         * when a call has it; otherwise it answers the oldest unanswered call of its name.
         */
        String result(String id, String name) {
            if (id != null && !id.isEmpty() && answer(c -> c[0].equals(id)) != null) {
                return id;
            }
            var byName = answer(c -> c[1].equals(name));
            if (byName != null) {
                return byName;
            }
            return id != null && !id.isEmpty() ? id : next(name); // a result whose call is not in the history
        }

        private String answer(java.util.function.Predicate<String[]> match) {
            for (Iterator<String[]> it = pending.iterator(); it.hasNext(); ) {
                var c = it.next();
                if (match.test(c)) {
                    it.remove();
                    return c[0];
                }
            }
            return null;
        }

        private String next(String name) {
            count++;
            return stem == null ? "call_" + count + "_" + name : stem + count;
        }
    }

    /** A content's {@code parts}; {@code path} is the list's own path, for errors. */
    static List<Part> decode(JsonNode parts, String path, Calls calls) throws ProtocolException {
        var out = new ArrayList<Part>();
        for (int i = 0; i < parts.size(); i++) {
            part(parts.get(i), Check.path(path, i), calls, out);
        }
        return out;
    }

    private static void part(JsonNode part, String path, Calls calls, List<Part> out) throws ProtocolException {
        Check.object(part, path);
        var signature = Wire.signature(Check.optText(part, "thoughtSignature", path));
        var call = Check.optObject(part, "functionCall", path);
        if (call != null) {
            var p = Check.path(path, "functionCall");
            var name = Check.requiredText(call, "name", p);
            var args = Check.optObject(call, "args", p);
            out.add(new Part.ToolCall(calls.call(Check.optText(call, "id", p), name),
                    name, args == null ? "{}" : Wire.write(args), signature));
            return;
        }
        var response = Check.optObject(part, "functionResponse", path);
        if (response != null) {
            out.add(functionResponse(response, Check.path(path, "functionResponse"), calls));
            return;
        }
        var inline = Check.optObject(part, "inlineData", path);
        if (inline != null) {
            addIfNotNull(out, inlineImage(inline, Check.path(path, "inlineData")));
            return;
        }
        var file = Check.optObject(part, "fileData", path);
        if (file != null) {
            addIfNotNull(out, fileImage(file, Check.path(path, "fileData")));
            return;
        }
        var text = Check.optText(part, "text", path);
        if (Boolean.TRUE.equals(Check.optBoolean(part, "thought", path))) {
            if ((text != null && !text.isEmpty()) || signature != null) {
                out.add(new Part.Thinking(text == null ? "" : text, signature, false));
            }
            return;
        }
        if (signature != null) {
            out.add(new Part.Thinking("", signature, false)); // see the class comment
        }
        if (text != null && !text.isEmpty()) {
            out.add(new Part.Text(text));
        }
        // executableCode, codeExecutionResult, a lone videoMetadata and kinds added later: only Gemini has them
    }

    private static void addIfNotNull(List<Part> out, Part p) {
        if (p != null) {
            out.add(p);
        }
    }

    private static Part functionResponse(JsonNode fr, String path, Calls calls) throws ProtocolException {
        var name = Check.requiredText(fr, "name", path);
        var callId = calls.result(Check.optText(fr, "id", path), name);
        var response = Check.optObject(fr, "response", path);
        var output = output(response);
        var content = new ArrayList<>(output.content());
        // Gemini 3's multimodal function responses carry images in their own parts
        var parts = Check.optArray(fr, "parts", path);
        if (parts != null) {
            for (int i = 0; i < parts.size(); i++) {
                var p = Check.path(Check.path(path, "parts"), i);
                var part = Check.object(parts.get(i), p);
                var inline = Check.optObject(part, "inlineData", p);
                var file = Check.optObject(part, "fileData", p);
                addIfNotNull(content, inline != null ? inlineImage(inline, Check.path(p, "inlineData"))
                        : file != null ? fileImage(file, Check.path(p, "fileData")) : null);
            }
        }
        return new Part.ToolResult(callId, name, content, output.isError());
    }

    /** What a function returned: its text, and whether it reported an error. */
    record Output(List<Part> content, boolean isError) {
    }

    /**
     * A {@code functionResponse.response} as tool result content. Gemini's API reference documents {@code output}
     * and {@code error} as the keys of a function's output and error, and wrappers commonly use {@code content} or
     * {@code result}: an object with only one of these is that value's text. Any other object is the function's
     * result as JSON text, which the model reads as well as Gemini does.
     */
    static Output output(JsonNode response) {
        if (response == null || response.size() == 0) {
            return new Output(List.of(), false);
        }
        if (response.size() == 1) {
            var key = response.properties().iterator().next().getKey();
            switch (key) {
                case "content", "result", "output" -> {
                    return new Output(textContent(response.get(key)), false);
                }
                case "error" -> {
                    return new Output(textContent(response.get(key)), true);
                }
                default -> {
                    // a result of the function's own shape
                }
            }
        }
        return new Output(textContent(response), false);
    }

    private static List<Part> textContent(JsonNode v) {
        var text = v.isTextual() ? v.asText() : v.isNull() ? "" : Wire.write(v);
        return text.isEmpty() ? List.of() : List.of(new Part.Text(text));
    }

    private static Part inlineImage(JsonNode inline, String path) throws ProtocolException {
        var mimeType = Check.requiredText(inline, "mimeType", path);
        var data = Check.requiredText(inline, "data", path);
        // audio, video and documents: the canonical model holds images only
        return isImage(mimeType) ? Part.Image.inline(mimeType, data) : null;
    }

    private static Part fileImage(JsonNode file, String path) throws ProtocolException {
        var uri = Check.requiredText(file, "fileUri", path);
        var mimeType = Check.optText(file, "mimeType", path);
        if (mimeType == null) {
            mimeType = guessImageType(uri); // the mime type is optional; a YouTube link is not an image
        }
        return isImage(mimeType) ? new Part.Image(mimeType, null, uri) : null;
    }

    private static boolean isImage(String mimeType) {
        return mimeType != null && mimeType.toLowerCase(Locale.ROOT).startsWith("image/");
    }

    /** The image type a URL's file extension names, or null. */
    static String guessImageType(String url) {
        var path = url.toLowerCase(Locale.ROOT);
        int cut = path.indexOf('?');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        if (path.endsWith(".png")) {
            return "image/png";
        } else if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
            return "image/jpeg";
        } else if (path.endsWith(".gif")) {
            return "image/gif";
        } else if (path.endsWith(".webp")) {
            return "image/webp";
        } else if (path.endsWith(".heic")) {
            return "image/heic";
        } else if (path.endsWith(".heif")) {
            return "image/heif";
        }
        return null;
    }

    // --- encoding ---

    /**
     * Canonical parts as Gemini parts, in order. Empty text is left out (Gemini refuses empty text parts), and so
     * is Anthropic's redacted thinking (an encrypted payload only Anthropic can read). A thinking part with only a
     * signature puts it back on the text part next to it, where Gemini had it (see the class comment). Images of
     * tool results follow all function responses: every Gemini model takes images there, while images inside a
     * function response are a Gemini 3 feature.
     *
     * @param resultName the function name of a tool result (Gemini matches results to calls by name)
     */
    static ArrayNode encode(List<Part> parts, Function<Part.ToolResult, String> resultName) {
        var out = Mappers.JSON.createArrayNode();
        var resultImages = new ArrayList<ObjectNode>();
        String carried = null; // a signature waiting for the text part that follows
        for (int i = 0; i < parts.size(); i++) {
            var p = parts.get(i);
            if (p instanceof Part.Text t) {
                if (t.text().isEmpty()) {
                    continue;
                }
                var node = out.addObject().put("text", t.text());
                if (carried != null) {
                    node.put("thoughtSignature", carried);
                    carried = null;
                }
            } else if (p instanceof Part.Thinking th) {
                if (th.redacted()) {
                    continue;
                }
                var text = th.text() == null ? "" : th.text();
                var signature = Wire.toGemini(th.signature());
                if (!text.isEmpty()) {
                    var node = out.addObject().put("text", text).put("thought", true);
                    if (signature != null) {
                        node.put("thoughtSignature", signature);
                    }
                } else if (signature != null) {
                    var next = i + 1 < parts.size() ? parts.get(i + 1) : null;
                    var last = out.isEmpty() ? null : (ObjectNode) out.get(out.size() - 1);
                    if (next instanceof Part.Text t && !t.text().isEmpty()) {
                        carried = signature;
                    } else if (last != null && last.has("text") && !last.has("thought")
                            && !last.has("thoughtSignature")) {
                        last.put("thoughtSignature", signature);
                    } else {
                        out.addObject().put("text", "").put("thoughtSignature", signature);
                    }
                }
            } else if (p instanceof Part.Image img) {
                out.add(image(img));
            } else if (p instanceof Part.ToolCall c) {
                var node = out.addObject();
                node.putObject("functionCall").put("name", c.name()).set("args", args(c.arguments()));
                if (c.signature() != null) {
                    node.put("thoughtSignature", Wire.toGemini(c.signature()));
                }
            } else if (p instanceof Part.ToolResult r) {
                out.addObject().set("functionResponse", functionResponse(r, resultName.apply(r)));
                r.content().stream().filter(Part.Image.class::isInstance)
                        .forEach(img -> resultImages.add(image((Part.Image) img)));
            }
        }
        if (!resultImages.isEmpty()) {
            int after = 0;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).has("functionResponse")) {
                    after = i + 1;
                }
            }
            for (var img : resultImages) {
                out.insert(after++, img);
            }
        }
        return out;
    }

    /**
     * A tool result as {@code functionResponse} (without {@code id}: see {@link GeminiCodec}). Its text goes
     * under {@code output} and an error's under {@code error}, the keys Gemini's API reference documents for a
     * function's output and error (Gemini CLI sends the same); a text that is a JSON object (a function's
     * structured result, which the model reads best as such) goes as the object. An object that would read back
     * as something else (one of the wrapping keys alone) is wrapped like any text.
     */
    static ObjectNode functionResponse(Part.ToolResult r, String name) {
        var text = new StringBuilder();
        for (var p : r.content()) {
            if (p instanceof Part.Text t) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(t.text());
            }
        }
        var node = Wire.object().put("name", name);
        if (r.isError()) {
            node.putObject("response").put("error", text.toString());
        } else if (text.length() == 0) {
            node.putObject("response");
        } else {
            var structured = jsonObject(text.toString());
            if (structured != null && !structured.isEmpty() && !(structured.size() == 1 && List.of("content",
                    "result", "output", "error").contains(structured.properties().iterator().next().getKey()))) {
                node.set("response", structured);
            } else {
                node.putObject("response").put("output", text.toString());
            }
        }
        return node;
    }

    /**
     * An image as {@code inlineData}, or by URL as {@code fileData} (Gemini fetches File API, Cloud Storage and
     * public URLs itself). A {@code data:} URL, what OpenAI clients send for inline images, is inline data.
     */
    static ObjectNode image(Part.Image img) {
        var node = Wire.object();
        if (img.isInline()) {
            node.putObject("inlineData").put("mimeType", img.mediaType()).put("data", img.data());
            return node;
        }
        var url = img.url();
        int comma = url.indexOf(',');
        if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
            node.putObject("inlineData").put("mimeType", url.substring("data:".length(), comma - ";base64".length()))
                    .put("data", url.substring(comma + 1));
            return node;
        }
        var file = node.putObject("fileData");
        var mimeType = img.mediaType() != null ? img.mediaType() : guessImageType(url);
        if (mimeType != null) {
            file.put("mimeType", mimeType);
        }
        file.put("fileUri", url);
        return node;
    }

    /** Tool call arguments as the object {@code args} must be; arguments that are not a JSON object are {@code {}}. */
    static ObjectNode args(String arguments) {
        var parsed = jsonObject(arguments);
        return parsed != null ? parsed : Wire.object();
    }

    private static ObjectNode jsonObject(String text) {
        if (text == null || text.isBlank() || text.strip().charAt(0) != '{') {
            return null;
        }
        try {
            // the whole text must be the object: a result like "{...} and some notes" stays text
            return Mappers.JSON.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(text) instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            return null; // a model that wrote broken arguments: {} keeps the conversation valid
        }
    }
}
