package dev.switchboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.balance.Balance;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.json.Mappers;
import java.math.BigDecimal;
import java.time.Instant;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Channels and their keys. Deleting a channel deletes its entries and their group memberships.
 *
 * <p>A channel imported from a file exported without keys has none: it "needs a key" ({@link Channel#needsKey})
 * and stays disabled until it gets one. The same holds for the header values and the proxy password such a file
 * withholds ({@link Channel#needsSecrets}, schema V4). When the file had it enabled, the store remembers that it is
 * disabled only for lacking them ({@code enable_on_key}, schema V3), and the change that gives the last one
 * switches it on; the person's own enable or disable in the meantime replaces that memory.
 *
 * <p>A channel may have a balance query (schema V6, {@link BalanceQuery}), checked when it is saved like the rest of
 * the channel, and a last balance check ({@link #recordBalance}), which belongs to the query, base URL and keys it
 * was read with: a change to any of them drops it, so an old account's balance is never shown for a new one.
 */
public final class ChannelStore {
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    private final Database db;

    public ChannelStore(Database db) {
        this.db = db;
    }

    public List<Channel> list() {
        return db.read(ChannelStore::loadAll);
    }

    public Optional<Channel> find(String name) {
        return db.read(c -> Optional.ofNullable(findIn(c, name)));
    }

    /** The channel named {@code name}, case-insensitive, or a NOT_FOUND error that lists the names there are. */
    public Channel get(String name) {
        return db.read(c -> require(c, name));
    }

    /**
     * The draft as {@link #create} would store it, validated, and refused if its name is taken; nothing is
     * written. {@code channels add} checks first and probes the network after, so a typo is refused at once and a
     * refused probe leaves nothing behind.
     */
    public ChannelDraft check(ChannelDraft draft) {
        var d = validate(draft);
        db.read(c -> {
            var existing = findIn(c, d.name());
            if (existing != null) {
                throw taken(existing);
            }
            return null;
        });
        return d;
    }

    private static StoreException taken(Channel existing) {
        return StoreException.conflict("A channel named '" + existing.name()
                + "' already exists. Pick another name, or edit that one.");
    }

    public Channel create(ChannelDraft draft) {
        var d = validate(draft);
        return db.write(c -> insert(c, d, db.clock().millis()));
    }

    /**
     * Creates the channel and one entry per model, in one transaction: a model the store refuses (a bad name, an
     * alias clash) leaves no half-made channel behind. The CLI's {@code channels add -m}, the admin API and the
     * window's add-channel dialog all add a channel this way.
     *
     * @param joinAuto whether the new entries join {@code auto}, at its end
     */
    public Channel createWithModels(ChannelDraft draft, List<String> models, boolean joinAuto) {
        var d = validate(draft);
        var all = List.copyOf(models);
        return db.write(c -> {
            long now = db.clock().millis();
            var created = insert(c, d, now);
            for (var m : all) { // a model named twice is refused like any other clash
                EntryStore.insert(c, created.name(), m, null, joinAuto, now);
            }
            return loadOne(c, created.id());
        });
    }

    private static Channel insert(Connection c, ChannelDraft d, long now) throws SQLException {
        var existing = findIn(c, d.name());
        if (existing != null) {
            throw taken(existing);
        }
        long id;
        try (var ps = c.prepareStatement(INSERT)) {
            int i = bind(ps, d);
            ps.setLong(i++, now);
            ps.setLong(i, now);
            try (var rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        writeKeys(c, id, d.keys());
        return loadOne(c, id);
    }

    /** Replaces the channel named {@code name} with {@code draft} (which may rename it). */
    public Channel update(String name, ChannelDraft draft) {
        return db.write(c -> {
            var current = require(c, name);
            // a draft states the whole channel: its enabled flag is the person's choice only when it changed
            return replace(c, current, validate(draft, current.needsSecrets()), draft.enabled() != current.enabled());
        });
    }

    /**
     * Changes the channel named {@code name} as {@code patch} says, in one transaction: the patch is applied to the
     * channel as it is now, under the write lock, and the result is validated as a whole before anything is written.
     */
    public Channel update(String name, ChannelPatch patch) {
        return db.write(c -> {
            var current = require(c, name);
            return replace(c, current, validate(patch.applyTo(current), current.needsSecrets()),
                    patch.setsEnabled());
        });
    }

    /**
     * The ids of the channels that are disabled only for lacking a key or another withheld secret: the change that
     * gives the last of them enables them. An export says these are enabled, as the file they came from did.
     */
    public Set<Long> enabledOnKey() {
        return db.read(ChannelStore::enabledOnKey);
    }

    static Set<Long> enabledOnKey(Connection c) throws SQLException {
        var out = new java.util.HashSet<Long>();
        try (var st = c.createStatement();
             var rs = st.executeQuery("SELECT id FROM channel WHERE enable_on_key = 1")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    static void setEnabledOnKey(Connection c, long id, boolean on) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE channel SET enable_on_key = ? WHERE id = ?")) {
            ps.setInt(1, on ? 1 : 0);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * @param personSetEnabled whether the change itself says enabled or disabled: then that holds, and the last
     *                         secret arriving for a channel that needed it does not switch it on by itself
     */
    private Channel replace(Connection c, Channel current, ChannelDraft draft, boolean personSetEnabled)
            throws SQLException {
        var d = draft;
        boolean waiting = enabledOnKey(c).contains(current.id());
        if (current.needsSecrets() && !d.needsSecrets() && waiting && !personSetEnabled) {
            d = d.withEnabled(true); // it was disabled only for lacking its secrets, and now it has them
        }
        var clash = findIn(c, d.name());
        if (clash != null && clash.id() != current.id()) {
            throw StoreException.conflict("A channel named '" + clash.name() + "' already exists."
                    + " Pick another name.");
        }
        try (var ps = c.prepareStatement(UPDATE)) {
            int i = bind(ps, d);
            ps.setLong(i++, db.clock().millis());
            ps.setLong(i, current.id());
            ps.executeUpdate();
        }
        try (var ps = c.prepareStatement("DELETE FROM channel_key WHERE channel_id = ?")) {
            ps.setLong(1, current.id());
            ps.executeUpdate();
        }
        writeKeys(c, current.id(), d.keys());
        setEnabledOnKey(c, current.id(), d.needsSecrets() && waiting && !personSetEnabled);
        dropStaleBalance(c, current, d);
        return loadOne(c, current.id());
    }

    /**
     * Refuses to switch on a channel that lacks a key or another withheld secret (it would only fail); switching it
     * off is the person's word.
     */
    public Channel setEnabled(String name, boolean enabled) {
        return db.write(c -> {
            var current = require(c, name);
            if (enabled && current.needsSecrets()) {
                throw StoreException.invalid(MissingSecrets.refusal(current.name(), current.keys().isEmpty(),
                        current.withheldHeaders(), current.proxy()));
            }
            setEnabledOnKey(c, current.id(), false);
            try (var ps = c.prepareStatement("UPDATE channel SET enabled = ?, updated_at = ? WHERE id = ?")) {
                ps.setInt(1, enabled ? 1 : 0);
                ps.setLong(2, db.clock().millis());
                ps.setLong(3, current.id());
                ps.executeUpdate();
            }
            return loadOne(c, current.id());
        });
    }

    /** Removes the channel with its keys, entries and their group memberships; returns what was removed. */
    public Channel remove(String name) {
        return db.write(c -> {
            var current = require(c, name);
            try (var ps = c.prepareStatement("DELETE FROM channel WHERE id = ?")) {
                ps.setLong(1, current.id());
                ps.executeUpdate();
            }
            return current;
        });
    }

    /**
     * Stores {@code balance} as the last check of the channel named {@code name}, unless the channel changed its
     * query, base URL or keys since {@code checked} was read (then the reading belongs to something that is gone,
     * and is dropped). Does not touch the channel itself, nor its {@code updated_at}.
     *
     * @return the channel as it is now, with the balance when it was stored
     */
    public Channel recordBalance(Channel checked, Balance balance) {
        return db.write(c -> {
            var current = loadOne(c, checked.id());
            if (current == null) {
                throw StoreException.notFound("The channel '" + checked.name() + "' was removed meanwhile.");
            }
            if (!sameAccount(current, checked)) {
                return current;
            }
            try (var ps = c.prepareStatement("INSERT INTO channel_balance (channel_id, checked_at, remaining, total,"
                    + " unit, reset_at, error) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id) DO UPDATE SET"
                    + " checked_at = excluded.checked_at, remaining = excluded.remaining, total = excluded.total,"
                    + " unit = excluded.unit, reset_at = excluded.reset_at, error = excluded.error")) {
                ps.setLong(1, current.id());
                ps.setLong(2, balance.checkedAt().toEpochMilli());
                ps.setString(3, balance.remaining() == null ? null : balance.remaining().toPlainString());
                ps.setString(4, balance.total() == null ? null : balance.total().toPlainString());
                ps.setString(5, balance.unit());
                if (balance.resetAt() == null) {
                    ps.setNull(6, java.sql.Types.INTEGER);
                } else {
                    ps.setLong(6, balance.resetAt().toEpochMilli());
                }
                ps.setString(7, balance.error());
                ps.executeUpdate();
            }
            return loadOne(c, current.id());
        });
    }

    /** The same query, base URL and keys: a balance read for one is a balance of the other. */
    private static boolean sameAccount(Channel a, Channel b) {
        return java.util.Objects.equals(a.balanceQuery(), b.balanceQuery()) && a.baseUrl().equals(b.baseUrl())
                && a.keys().stream().map(ApiKey::reveal).toList().equals(b.keys().stream().map(ApiKey::reveal).toList());
    }

    /** Drops the last balance check when the change gives the channel another query, base URL or keys. */
    static void dropStaleBalance(Connection c, Channel before, ChannelDraft after) throws SQLException {
        if (java.util.Objects.equals(before.balanceQuery(), after.balanceQuery())
                && before.baseUrl().equals(after.baseUrl())
                && before.keys().stream().map(ApiKey::reveal).toList().equals(after.keys())) {
            return;
        }
        try (var ps = c.prepareStatement("DELETE FROM channel_balance WHERE channel_id = ?")) {
            ps.setLong(1, before.id());
            ps.executeUpdate();
        }
    }

    static ChannelDraft validate(ChannelDraft d) {
        return validate(d, false);
    }

    /**
     * @param keyless whether the channel may be left without keys (or another withheld secret): one that needs
     *                them already, or a new one imported without them. It must then stay disabled.
     */
    static ChannelDraft validate(ChannelDraft d, boolean keyless) {
        var name = Validation.name("channel", d.name());
        if (d.type() == null) {
            throw StoreException.invalid("An API type is needed: one of " + ApiType.ids() + ".");
        }
        var url = Validation.baseUrl(d.baseUrl());
        var keys = new LinkedHashSet<String>();
        for (var k : d.keys()) {
            keys.add(ApiKey.of(Validation.key(k)).reveal());
        }
        if (keys.isEmpty() && !keyless) {
            throw StoreException.invalid("A channel needs at least one API key: give one with --key.");
        }
        var headers = new LinkedHashMap<String, String>();
        d.headers().forEach((k, v) -> {
            var hn = Validation.headerName(k);
            headers.put(hn, Validation.headerValue(hn, v));
        });
        var withheld = new ArrayList<String>();
        for (var h : d.withheldHeaders()) {
            var hn = Validation.headerName(h);
            if (headers.keySet().stream().noneMatch(hn::equalsIgnoreCase)
                    && withheld.stream().noneMatch(hn::equalsIgnoreCase)) {
                withheld.add(hn);
            }
        }
        var proxy = d.proxy() == null || d.proxy().isBlank() ? null : Validation.proxy(d.proxy());
        if (MissingSecrets.any(keys.isEmpty(), withheld, proxy) && d.enabled()) {
            throw StoreException.invalid(MissingSecrets.refusal(name, keys.isEmpty(), withheld, proxy));
        }
        if (!keyless && MissingSecrets.proxyWithheld(proxy)) {
            throw StoreException.invalid("The proxy URL's password is masked (it was copied from a listing). Give"
                    + " the proxy in full.");
        }
        var options = new LinkedHashMap<String, String>();
        d.options().forEach((k, v) -> {
            var on = Validation.optionName(k);
            options.put(on, Validation.optionValue(on, v));
        });
        return new ChannelDraft(name, d.type(), url, List.copyOf(keys), headers, proxy, options, d.enabled(),
                withheld, balanceQuery(d.balanceQuery()));
    }

    /** The query checked as a whole ({@link BalanceQuery#validated}), its headers by the channel's header rules. */
    static BalanceQuery balanceQuery(BalanceQuery q) {
        if (q == null) {
            return null;
        }
        var headers = new LinkedHashMap<String, String>();
        q.headers().forEach((k, v) -> {
            var hn = Validation.headerName(k);
            if (v != null && Masking.looksMasked(v)) {
                throw StoreException.invalid("The value of balance header " + hn + " looks masked (as Switchboard"
                        + " shows it). Give the value itself.");
            }
            // null: withheld by a keyless export, given later; the check says so meanwhile
            headers.put(hn, v == null ? null : Validation.headerValue(hn, v));
        });
        try {
            return new BalanceQuery(q.preset(), q.url(), q.method(), headers, q.mapping(), q.low()).validated();
        } catch (IllegalArgumentException e) {
            throw StoreException.invalid(e.getMessage());
        }
    }

    static final String INSERT = "INSERT INTO channel (name, api_type, base_url, headers, proxy, options, enabled,"
            + " withheld_headers, balance_query, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " RETURNING id";
    static final String UPDATE = "UPDATE channel SET name = ?, api_type = ?, base_url = ?, headers = ?, proxy = ?,"
            + " options = ?, enabled = ?, withheld_headers = ?, balance_query = ?, updated_at = ? WHERE id = ?";

    /** Binds the draft's columns of {@link #INSERT} and {@link #UPDATE}; returns the next parameter's index. */
    static int bind(java.sql.PreparedStatement ps, ChannelDraft d) throws SQLException {
        ps.setString(1, d.name());
        ps.setString(2, d.type().id());
        ps.setString(3, d.baseUrl());
        ps.setString(4, toJson(d.headers()));
        ps.setString(5, d.proxy());
        ps.setString(6, toJson(d.options()));
        ps.setInt(7, d.enabled() ? 1 : 0);
        try {
            ps.setString(8, Mappers.JSON.writeValueAsString(d.withheldHeaders()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ps.setString(9, d.balanceQuery() == null ? null : d.balanceQuery().toStored());
        return 10;
    }

    static void writeKeys(Connection c, long channelId, List<String> keys) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO channel_key (channel_id, position, secret) VALUES (?, ?, ?)")) {
            for (int i = 0; i < keys.size(); i++) {
                ps.setLong(1, channelId);
                ps.setInt(2, i);
                ps.setString(3, keys.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Channel require(Connection c, String name) throws SQLException {
        var found = findIn(c, name);
        if (found == null) {
            var names = loadAll(c).stream().map(Channel::name).toList();
            throw StoreException.notFound("There is no channel named '" + name + "'. "
                    + (names.isEmpty() ? "No channels exist yet: add one with `channels add`."
                    : "Channels: " + String.join(", ", names) + "."));
        }
        return found;
    }

    static Channel findIn(Connection c, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        try (var ps = c.prepareStatement("SELECT id FROM channel WHERE name = ? COLLATE NOCASE")) {
            ps.setString(1, name.strip());
            try (var rs = ps.executeQuery()) {
                return rs.next() ? loadOne(c, rs.getLong(1)) : null;
            }
        }
    }

    static Channel loadOne(Connection c, long id) throws SQLException {
        return loadWhere(c, "WHERE channel.id = " + id).stream().findFirst().orElse(null);
    }

    static List<Channel> loadAll(Connection c) throws SQLException {
        return loadWhere(c, "");
    }

    private static List<Channel> loadWhere(Connection c, String where) throws SQLException {
        var keys = new HashMap<Long, List<ApiKey>>();
        try (var st = c.createStatement();
             var rs = st.executeQuery("SELECT channel_id, secret FROM channel_key ORDER BY channel_id, position")) {
            while (rs.next()) {
                keys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(ApiKey.of(rs.getString(2)));
            }
        }
        var out = new ArrayList<Channel>();
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, name, api_type, base_url, headers, proxy, options, enabled, withheld_headers,"
                        + " balance_query, b.checked_at, b.remaining, b.total, b.unit, b.reset_at, b.error"
                        + " FROM channel LEFT JOIN channel_balance b ON b.channel_id = channel.id "
                        + where
                        + " ORDER BY name COLLATE NOCASE")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                var query = storedQuery(rs.getString(10));
                out.add(new Channel(id, rs.getString(2), ApiType.of(rs.getString(3)), rs.getString(4),
                        keys.getOrDefault(id, List.of()), fromJson(rs.getString(5)), rs.getString(6),
                        fromJson(rs.getString(7)), rs.getInt(8) == 1, names(rs.getString(9)), query,
                        query == null ? null : storedBalance(rs)));
            }
        }
        return out;
    }

    private static BalanceQuery storedQuery(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return BalanceQuery.fromJson(Mappers.JSON.readTree(json));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "A channel's stored balance query is"
                    + " unreadable: " + e.getMessage());
        }
    }

    private static Balance storedBalance(ResultSet rs) throws SQLException {
        long checked = rs.getLong(11);
        if (rs.wasNull()) {
            return null;
        }
        var remaining = rs.getString(12);
        var total = rs.getString(13);
        long reset = rs.getLong(15);
        var resetAt = rs.wasNull() ? null : Instant.ofEpochMilli(reset);
        return new Balance(Instant.ofEpochMilli(checked), remaining == null ? null : new BigDecimal(remaining),
                total == null ? null : new BigDecimal(total), rs.getString(14), resetAt, rs.getString(16));
    }

    static String toJson(Map<String, String> map) {
        try {
            return Mappers.JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(String json) {
        return stored(json, STRING_LIST, List.of());
    }

    static Map<String, String> fromJson(String json) {
        return stored(json, STRING_MAP, Map.of());
    }

    /** A JSON column as written by this class; {@code empty} for none. */
    private static <T> T stored(String json, TypeReference<? extends T> type, T empty) {
        if (json == null || json.isBlank()) {
            return empty;
        }
        try {
            return Mappers.JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "A channel's stored JSON is unreadable: "
                    + e.getOriginalMessage());
        }
    }
}
