package dev.switchboard.store;

import dev.switchboard.balance.BalanceQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * A change to one channel, as {@code channels edit}, the admin API's {@code PATCH /admin/channels/{name}} and the
 * window's channel editor make it, written by {@link ChannelStore#update(String, ChannelPatch)} in one transaction.
 *
 * <p>A patch is the list of changes in the order they were given, each applied to what the ones before it left
 * ({@link #applyTo}): "replace the keys, then add one" and "remove the key at position 2" (of the list as it stands
 * at that change) mean what they say, whichever surface said them. The store applies the patch to the channel as it
 * is inside its write transaction, so an edit never works on a stale read, then validates the result as a whole
 * ({@link Validation}, through {@link ChannelStore}): nothing is validated while a patch is built.
 *
 * <p>It holds secrets (keys, header values, a proxy password) in full; {@link #toString()} masks them.
 */
public final class ChannelPatch {
    private final List<Change> changes;

    private ChannelPatch(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    public static Builder builder() {
        return new Builder(List.of());
    }

    /** A builder that starts with this patch's changes, for adding more (the window adds one per action). */
    public Builder toBuilder() {
        return new Builder(changes);
    }

    /**
     * {@code current} with every change applied in order: what the store validates and writes. Refuses a key
     * reference that names no key ({@link NoSuchKey}) and the removal of a header the channel does not have
     * (NOT_FOUND), and nothing else: what the values must look like is the store's validation.
     */
    public ChannelDraft applyTo(Channel current) {
        var draft = ChannelDraft.from(current);
        for (var change : changes) {
            draft = change.apply(draft, current);
        }
        return draft;
    }

    /** Whether the patch switches the channel on or off itself (then a key arriving does not enable it). */
    public boolean setsEnabled() {
        return changes.stream().anyMatch(ch -> ch instanceof Enable);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelPatch p && p.changes.equals(changes);
    }

    @Override
    public int hashCode() {
        return changes.hashCode();
    }

    @Override
    public String toString() {
        return "ChannelPatch" + changes;
    }

    /**
     * Names one of a channel's keys to remove: by its position in the list (1 = first), or by the key itself or
     * its masked form as Switchboard lists it.
     *
     * @param text the key or its masked form; null when the reference is a position
     */
    public record KeyRef(int position, String text) {
        public static KeyRef at(int position) {
            return new KeyRef(position, null);
        }

        public static KeyRef of(String keyOrMasked) {
            return new KeyRef(0, Objects.requireNonNull(keyOrMasked, "keyOrMasked").strip());
        }

        /** As typed on a command line: digits are a position, anything else a key or its masked form. */
        public static KeyRef parse(String given) {
            var g = given.strip();
            if (!g.isEmpty() && g.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                // too many digits for an int is a position out of range all the same
                return at(g.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(g));
            }
            return of(g);
        }

        public boolean isPosition() {
            return text == null;
        }

        String find(List<String> keys) {
            if (isPosition()) {
                if (position < 1 || position > keys.size()) {
                    throw new NoSuchKey(this, keys.size());
                }
                return keys.get(position - 1);
            }
            for (var k : keys) {
                if (ApiKey.mask(k).equals(text) || k.equals(text)) {
                    return k;
                }
            }
            throw new NoSuchKey(this, keys.size());
        }

        @Override
        public String toString() {
            // the key may be given in full: shown masked, as everywhere
            return isPosition() ? "key " + position : "key " + ApiKey.mask(text);
        }
    }

    /**
     * A {@link KeyRef} that names no key of the channel. It carries what was wrong, so that each surface can say
     * it in its own terms (a command-line option, a JSON field); its own message names the key only masked.
     */
    public static final class NoSuchKey extends StoreException {
        private static final long serialVersionUID = 1L;
        private final KeyRef ref;
        private final int keyCount;

        NoSuchKey(KeyRef ref, int keyCount) {
            super(Kind.INVALID, ref.isPosition()
                    ? "There is no key at position " + ref.position() + ": the channel has " + keyCount
                            + (keyCount == 1 ? " key" : " keys") + " (1 to " + keyCount + ")."
                    : "No key of the channel matches " + ApiKey.mask(ref.text()) + "; give its position (1 = first)"
                            + " or its masked form as listed.");
            this.ref = ref;
            this.keyCount = keyCount;
        }

        public KeyRef ref() {
            return ref;
        }

        /** How many keys the channel had at the change that named the missing one. */
        public int keyCount() {
            return keyCount;
        }
    }

    /** Collects changes in order; each method adds one. */
    public static final class Builder {
        private final List<Change> changes;

        private Builder(List<Change> start) {
            this.changes = new ArrayList<>(start);
        }

        public ChannelPatch build() {
            return new ChannelPatch(changes);
        }

        /** Renames the channel; its entries and their group places go with it. */
        public Builder name(String name) {
            return add(new Rename(name));
        }

        public Builder type(ApiType type) {
            return add(new Retype(type));
        }

        public Builder baseUrl(String baseUrl) {
            return add(new Rebase(baseUrl));
        }

        public Builder enabled(boolean enabled) {
            return add(new Enable(enabled));
        }

        /** Replaces every key with these, in this (rotation) order. */
        public Builder keys(List<String> keys) {
            return add(new ReplaceKeys(List.copyOf(keys)));
        }

        /** Adds keys at the end of the rotation. */
        public Builder addKeys(List<String> keys) {
            return add(new AddKeys(List.copyOf(keys)));
        }

        public Builder addKey(String key) {
            return addKeys(List.of(key));
        }

        /**
         * Removes the keys these name, all of them read against the list as it stands at this change: {@code [1, 2]}
         * removes the first two. A reference that names no key refuses the whole patch ({@link NoSuchKey}).
         */
        public Builder removeKeys(List<KeyRef> refs) {
            return add(new RemoveKeys(List.copyOf(refs)));
        }

        public Builder removeKey(KeyRef ref) {
            return removeKeys(List.of(ref));
        }

        /** Sets a header, replacing one of the same name in any letter case (HTTP header names ignore case). */
        public Builder header(String name, String value) {
            return add(new SetHeader(name, value));
        }

        /** Removes a header (any letter case); a header the channel does not have refuses the patch (NOT_FOUND). */
        public Builder removeHeader(String name) {
            return add(new RemoveHeader(name, true));
        }

        /** Removes a header if the channel has it (any letter case): a JSON merge patch's {@code null}. */
        public Builder removeHeaderIfPresent(String name) {
            return add(new RemoveHeader(name, false));
        }

        /** Sets the outbound proxy; null or blank removes it. */
        public Builder proxy(String proxy) {
            return add(new SetProxy(proxy));
        }

        /** Sets a per-type option; an option that is there keeps its place and takes the new value. */
        public Builder option(String name, String value) {
            return add(new SetOption(name, value));
        }

        /** Removes a per-type option if the channel has it. */
        public Builder removeOption(String name) {
            return add(new RemoveOption(name));
        }

        /**
         * Changes the balance query as {@code edit} says, on the query as it stands at this change and for the base
         * URL as it stands then ({@code auto} picks the preset from it). A bad edit refuses the patch (INVALID).
         */
        public Builder balance(BalanceQuery.Edit edit) {
            return add(new EditBalance(edit));
        }

        private Builder add(Change change) {
            changes.add(change);
            return this;
        }
    }

    /** One change; records, so that two patches with the same changes are equal. */
    private sealed interface Change {
        ChannelDraft apply(ChannelDraft d, Channel current);
    }

    private record Rename(String name) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            return d.withName(name);
        }
    }

    private record Retype(ApiType type) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            return d.withType(type);
        }
    }

    private record Rebase(String baseUrl) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            return d.withBaseUrl(baseUrl);
        }
    }

    private record Enable(boolean enabled) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            return d.withEnabled(enabled);
        }
    }

    private record ReplaceKeys(List<String> keys) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            return d.withKeys(keys);
        }

        @Override
        public String toString() {
            return "ReplaceKeys" + keys.stream().map(ApiKey::mask).toList();
        }
    }

    private record AddKeys(List<String> keys) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            var all = new ArrayList<>(d.keys());
            all.addAll(keys);
            return d.withKeys(all);
        }

        @Override
        public String toString() {
            return "AddKeys" + keys.stream().map(ApiKey::mask).toList();
        }
    }

    private record RemoveKeys(List<KeyRef> refs) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            var doomed = new ArrayList<String>();
            for (var ref : refs) {
                doomed.add(ref.find(d.keys()));
            }
            var left = new ArrayList<>(d.keys());
            left.removeAll(doomed);
            return d.withKeys(left);
        }
    }

    private record SetHeader(String name, String value) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            var n = name == null ? "" : name.strip();
            var headers = new LinkedHashMap<>(d.headers());
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(n));
            headers.put(n, value);
            // the value a keyless export withheld, given at last
            return d.withHeaders(headers).withWithheldHeaders(without(d.withheldHeaders(), n));
        }

        @Override
        public String toString() {
            // a header value is often a credential
            return "SetHeader[" + name + "]";
        }
    }

    /** {@code names} without {@code name}, in any letter case. */
    private static List<String> without(List<String> names, String name) {
        return names.stream().filter(h -> !h.equalsIgnoreCase(name)).toList();
    }

    private record RemoveHeader(String name, boolean required) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            var n = name == null ? "" : name.strip();
            var headers = new LinkedHashMap<>(d.headers());
            var withheld = without(d.withheldHeaders(), n);
            boolean removed = headers.keySet().removeIf(k -> k.equalsIgnoreCase(n));
            if (withheld.size() < d.withheldHeaders().size()) {
                // a header whose value was never given: removing it means the channel does without it
                return d.withHeaders(headers).withWithheldHeaders(withheld);
            }
            if (!removed && required) {
                throw StoreException.notFound("Channel '" + current.name() + "' has no header '" + name + "'. "
                        + (headers.isEmpty() ? "It has no headers."
                        : "Its headers: " + String.join(", ", headers.keySet()) + "."));
            }
            return d.withHeaders(headers);
        }
    }

    private record SetProxy(String proxy) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            return d.withProxy(proxy);
        }

        @Override
        public String toString() {
            return "SetProxy[" + Masking.proxy(proxy) + "]";
        }
    }

    private record SetOption(String name, String value) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            var options = new LinkedHashMap<>(d.options());
            options.put(name == null ? "" : name.strip(), value);
            return d.withOptions(options);
        }
    }

    private record RemoveOption(String name) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            var options = new LinkedHashMap<>(d.options());
            options.remove(name == null ? "" : name.strip());
            return d.withOptions(options);
        }
    }

    private record EditBalance(BalanceQuery.Edit edit) implements Change {
        @Override
        public ChannelDraft apply(ChannelDraft d, Channel current) {
            try {
                return d.withBalanceQuery(edit.apply(d.balanceQuery(), d.baseUrl()));
            } catch (IllegalArgumentException e) {
                throw StoreException.invalid(e.getMessage());
            }
        }
    }
}
