package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.catalog.Catalog;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a client may put in {@code model}, as {@code GET /v1/models} lists it and {@code GET /v1/models/{id}} finds
 * it, and each model in the shape of each protocol. Groups first ({@code auto} leads), then every routable entry
 * once by the name clients use (alias or model), each name once even when several channels serve it. Finding
 * also knows {@code channel/model}, the unambiguous reference every client may send (DESIGN §2), which the list
 * leaves out so that each model is listed once.
 *
 * <p>Facts come from the model catalog where it knows the upstream model: its display name and token limits.
 * A group's limits are the smallest its members are known to have, since any member may be the one that
 * answers; an alias keeps the person's own name as its display name.
 */
final class ModelList {
    private final List<Listed> listed;
    private final Snapshot snapshot;
    private final Catalog catalog;

    private ModelList(List<Listed> listed, Snapshot snapshot, Catalog catalog) {
        this.listed = List.copyOf(listed);
        this.snapshot = snapshot;
        this.catalog = catalog;
    }

    /**
     * One name a client may use.
     *
     * @param ownedBy      {@code switchboard} for a group, else the (first) channel serving it
     * @param inputTokens  the context window, or null when unknown
     * @param outputTokens the most output tokens per call, or null when unknown
     * @param thinking     whether it reasons before answering, or null when unknown
     */
    record Listed(String id, Instant created, String ownedBy, String displayName, String description,
                  Integer inputTokens, Integer outputTokens, Boolean thinking) {
    }

    static ModelList of(Snapshot snapshot, Catalog catalog) {
        var routable = snapshot.routableEntries();
        var byId = new HashMap<Long, Entry>();
        routable.forEach(e -> byId.put(e.id(), e));
        var out = new ArrayList<Listed>();
        var seen = new HashSet<String>();
        for (var g : snapshot.groups()) {
            if (!seen.add(key(g.name()))) {
                continue;
            }
            var members = g.memberIds().stream().distinct().map(byId::get).filter(e -> e != null).toList();
            Integer input = null;
            Integer output = null;
            for (var e : members) {
                var facts = catalog.lookup(e.model()).orElse(null);
                if (facts != null) {
                    input = smaller(input, facts.context());
                    output = smaller(output, facts.output());
                }
            }
            out.add(new Listed(g.name(), g.createdAt(), "switchboard", g.name(), "A Switchboard group: tries its "
                    + members.size() + (members.size() == 1 ? " model" : " models") + " in order, failing over"
                    + " when one is down.", input, output, null));
        }
        // Every channel serving a name, in the order the entries come, for the description.
        var servedBy = new LinkedHashMap<String, List<Entry>>();
        for (var e : routable) {
            servedBy.computeIfAbsent(key(e.displayName()), k -> new ArrayList<>()).add(e);
        }
        for (var serving : servedBy.values()) {
            var first = serving.get(0);
            if (seen.add(key(first.displayName()))) {
                out.add(entry(first.displayName(), first, serving.stream().map(Entry::channelName).distinct().toList(),
                        catalog));
            }
        }
        return new ModelList(out, snapshot, catalog);
    }

    List<Listed> all() {
        return listed;
    }

    /**
     * The list behind {@code /g/<group>/}: the group, then the names of its routable members in group order, each
     * once (a name several members share is listed at its first).
     */
    List<Listed> pinnedTo(String group) {
        var g = snapshot.group(group).orElse(null);
        if (g == null) {
            return List.of();
        }
        var byName = new HashMap<String, Listed>();
        listed.forEach(l -> byName.putIfAbsent(key(l.id()), l));
        var out = new ArrayList<Listed>();
        var seen = new HashSet<String>();
        var self = byName.get(key(g.name()));
        if (self != null && seen.add(key(g.name()))) {
            out.add(self);
        }
        var routable = new HashMap<Long, Entry>();
        snapshot.routableEntries().forEach(e -> routable.put(e.id(), e));
        for (var id : g.memberIds()) {
            var e = routable.get(id);
            if (e != null && seen.add(key(e.displayName()))) {
                var l = byName.get(key(e.displayName()));
                out.add(l != null ? l : entry(e.displayName(), e, List.of(e.channelName()), catalog));
            }
        }
        return out;
    }

    /**
     * The model a client named: a listed name (exactly, else ignoring case, as routing matches names), else
     * {@code channel/model} of a routable entry. No fuzzy match and no fallback to {@code auto}: a client asking
     * about a model wants to know whether that model is there.
     */
    Optional<Listed> find(String id) {
        for (var l : listed) {
            if (l.id().equals(id)) {
                return Optional.of(l);
            }
        }
        for (var l : listed) {
            if (l.id().equalsIgnoreCase(id)) {
                return Optional.of(l);
            }
        }
        return channelQualified(id);
    }

    /** As routing reads it: split at the first '/', the channel ignoring case, the model exactly or else not. */
    private Optional<Listed> channelQualified(String id) {
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1) {
            return Optional.empty();
        }
        var channel = id.substring(0, slash);
        var model = id.substring(slash + 1);
        Entry exact = null;
        Entry ignoringCase = null;
        for (var e : snapshot.routableEntries()) {
            if (!e.channelName().equalsIgnoreCase(channel)) {
                continue;
            }
            if (e.model().equals(model)) {
                exact = e;
            } else if (ignoringCase == null && e.model().equalsIgnoreCase(model)) {
                ignoringCase = e;
            }
        }
        var named = exact != null ? exact : ignoringCase;
        return named == null ? Optional.empty()
                : Optional.of(entry(named.ref(), named, List.of(named.channelName()), catalog));
    }

    private static Listed entry(String id, Entry e, List<String> channels, Catalog catalog) {
        var facts = catalog.lookup(e.model()).orElse(null);
        var display = facts != null && e.alias() == null ? facts.name() : e.displayName();
        var description = "Served by Switchboard through " + (channels.size() == 1 ? "channel " : "channels ")
                + String.join(", ", channels) + ".";
        return new Listed(id, e.createdAt(), e.channelName(), display, description,
                facts == null ? null : facts.context(), facts == null ? null : facts.output(),
                facts == null ? null : facts.reasoning());
    }

    private static Integer smaller(Integer known, Integer other) {
        if (other == null) {
            return known;
        }
        return known == null ? other : Math.min(known, other);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    // ---- each protocol's shape

    /** OpenAI's list: {@code {"object":"list","data":[…]}}, no paging (OpenAI's has none). */
    static ObjectNode openAiList(List<Listed> models) {
        var root = Mappers.JSON.createObjectNode();
        root.put("object", "list");
        var data = root.putArray("data");
        models.forEach(m -> data.add(openAi(m)));
        return root;
    }

    static ObjectNode openAi(Listed m) {
        return Mappers.JSON.createObjectNode().put("id", m.id()).put("object", "model")
                .put("created", m.created().getEpochSecond()).put("owned_by", m.ownedBy());
    }

    /** Anthropic's page: {@code data}, {@code has_more}, {@code first_id}, {@code last_id}. */
    static ObjectNode anthropicList(List<Listed> page, boolean hasMore) {
        var root = Mappers.JSON.createObjectNode();
        var data = root.putArray("data");
        page.forEach(m -> data.add(anthropic(m)));
        root.put("has_more", hasMore);
        root.put("first_id", page.isEmpty() ? null : page.get(0).id());
        root.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id());
        return root;
    }

    /**
     * Anthropic's model object. {@code lifecycle} is always {@code active}: a listed model is one Switchboard routes
     * to now, and Anthropic's SDKs read the field as required. The token limits come only when the catalog knows
     * them; Anthropic's SDKs read them as optional.
     */
    static ObjectNode anthropic(Listed m) {
        var model = Mappers.JSON.createObjectNode().put("type", "model").put("id", m.id())
                .put("display_name", m.displayName()).put("created_at", m.created().toString())
                .put("lifecycle", "active");
        if (m.inputTokens() != null) {
            model.put("max_input_tokens", m.inputTokens());
        }
        if (m.outputTokens() != null) {
            model.put("max_tokens", m.outputTokens());
        }
        return model;
    }

    /** Gemini's page: {@code models}, and {@code nextPageToken} only when there is a next page. */
    static ObjectNode geminiList(List<Listed> page, String nextPageToken) {
        var root = Mappers.JSON.createObjectNode();
        var models = root.putArray("models");
        page.forEach(m -> models.add(gemini(m)));
        if (nextPageToken != null) {
            root.put("nextPageToken", nextPageToken);
        }
        return root;
    }

    /** Names are {@code models/<id>}, as Google's SDKs send them back in paths. */
    static ObjectNode gemini(Listed m) {
        var model = Mappers.JSON.createObjectNode().put("name", "models/" + m.id())
                .put("displayName", m.displayName()).put("description", m.description());
        if (m.inputTokens() != null) {
            model.put("inputTokenLimit", m.inputTokens());
        }
        if (m.outputTokens() != null) {
            model.put("outputTokenLimit", m.outputTokens());
        }
        model.putArray("supportedGenerationMethods").add("generateContent").add("streamGenerateContent")
                .add("countTokens");
        if (m.thinking() != null) {
            model.put("thinking", m.thinking());
        }
        return model;
    }
}
