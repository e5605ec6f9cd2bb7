package dev.switchboard.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every CLI write a crash test ran, with how it ended, and what the database must therefore hold. The rules:
 * <ul>
 *   <li>a write that printed its confirmation (which the CLI prints only after its commit) has landed, whether the
 *       process then exited 0 or was killed before it could;</li>
 *   <li>a write killed before it confirmed either landed completely or left no trace: never half of it;</li>
 *   <li>a setting holds the value of its last confirmed write, or of a later write that was killed unconfirmed (that
 *       one may have committed before the kill). Writes of one setting never run concurrently, so "later" is clear.</li>
 * </ul>
 */
final class WriteLedger {
    private final List<Write> writes = new ArrayList<>();

    /** One CLI write and how it ended. */
    record Write(int round, Change change, boolean confirmed, boolean killed, int exitCode) {
        String describe() {
            return "round " + round + ": " + String.join(" ", change.args())
                    + (confirmed ? " (confirmed" : " (unconfirmed") + (killed ? ", killed)" : ", exit " + exitCode + ")");
        }
    }

    /** What one CLI run changes, and how to tell from the file whether it landed. */
    sealed interface Change {
        List<String> args();

        /** The line the CLI prints once the change is committed. */
        Pattern confirmation();

        default String stdin() {
            return "";
        }

        /** The whole change is in the file. */
        boolean landed(StoredState s);

        /** None of the change is in the file. */
        boolean absent(StoredState s);
    }

    record SettingChange(String key, String value) implements Change {
        public List<String> args() {
            return List.of("settings", "set", key, value);
        }

        public Pattern confirmation() {
            return Pattern.compile("^" + Pattern.quote(key + " = " + value) + "\\b");
        }

        public boolean landed(StoredState s) {
            return value.equals(s.settings().get(key));
        }

        public boolean absent(StoredState s) {
            return !landed(s);
        }
    }

    /**
     * A channel with one key and one model, created in one transaction with the model's entry and its place in
     * {@code auto}. {@code --type} skips detection; the model list is asked of a closed local port, which refuses at
     * once, so nothing leaves the machine.
     */
    record ChannelAdd(String channel, String model, String url) implements Change {
        String ref() {
            return channel + "/" + model;
        }

        public List<String> args() {
            return List.of("channels", "add", channel, "--force", "--type", "openai", "--url", url, "--key", "-", "-m",
                    model);
        }

        @Override
        public String stdin() {
            return "sk-crash-test-" + channel + "-0000\n";
        }

        public Pattern confirmation() {
            return Pattern.compile("^Added channel '" + Pattern.quote(channel) + "'");
        }

        public boolean landed(StoredState s) {
            return Integer.valueOf(1).equals(s.channels().get(channel)) && s.entry(ref()).isPresent()
                    && s.members("auto").contains(ref());
        }

        public boolean absent(StoredState s) {
            return !s.channels().containsKey(channel) && s.entry(ref()).isEmpty() && !s.members("auto").contains(ref());
        }
    }

    record GroupCreate(String group) implements Change {
        public List<String> args() {
            return List.of("groups", "create", group);
        }

        public Pattern confirmation() {
            return Pattern.compile("^Created group '" + Pattern.quote(group) + "'");
        }

        public boolean landed(StoredState s) {
            return s.groups().containsKey(group);
        }

        public boolean absent(StoredState s) {
            return !landed(s);
        }
    }

    record GroupAdd(String group, String ref) implements Change {
        public List<String> args() {
            return List.of("groups", "add", group, ref);
        }

        public Pattern confirmation() {
            return Pattern.compile("^Added " + Pattern.quote(ref) + " to position");
        }

        public boolean landed(StoredState s) {
            return s.members(group).contains(ref);
        }

        public boolean absent(StoredState s) {
            return !landed(s);
        }
    }

    /** Each entry gets at most one alias in a test, so "absent" is "no alias". */
    record AliasSet(String ref, String alias) implements Change {
        public List<String> args() {
            return List.of("entries", "alias", ref, alias);
        }

        public Pattern confirmation() {
            return Pattern.compile("^" + Pattern.quote(ref + " is also called " + alias + "."));
        }

        public boolean landed(StoredState s) {
            return s.entry(ref).map(e -> alias.equals(e.alias())).orElse(false);
        }

        public boolean absent(StoredState s) {
            return s.entry(ref).map(e -> e.alias() == null).orElse(false);
        }
    }

    record EntryDisable(String ref) implements Change {
        public List<String> args() {
            return List.of("entries", "disable", ref);
        }

        public Pattern confirmation() {
            return Pattern.compile("^" + Pattern.quote(ref + " is disabled."));
        }

        public boolean landed(StoredState s) {
            return s.entry(ref).map(e -> !e.enabled()).orElse(false);
        }

        public boolean absent(StoredState s) {
            return s.entry(ref).map(StoredState.StoredEntry::enabled).orElse(false);
        }
    }

    void add(Write w) {
        writes.add(w);
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    /** Everything the file contradicts; empty when it holds what the writes allow. */
    List<String> problems(StoredState s) {
        var problems = new ArrayList<String>();
        if (!"ok".equals(s.integrity())) {
            problems.add("integrity_check: " + s.integrity());
        }
        var bySetting = new LinkedHashMap<String, List<Write>>();
        for (var w : writes) {
            if (w.change() instanceof SettingChange sc) {
                bySetting.computeIfAbsent(sc.key(), k -> new ArrayList<>()).add(w);
                continue;
            }
            if (w.confirmed() && !w.change().landed(s)) {
                problems.add("confirmed but not in the file: " + w.describe());
            } else if (!w.change().landed(s) && !w.change().absent(s)) {
                problems.add("half in the file: " + w.describe());
            }
        }
        bySetting.forEach((key, list) -> {
            var stored = s.settings().get(key);
            var allowed = allowedValues(list);
            if (!allowed.contains(String.valueOf(stored))) {
                problems.add("setting " + key + " is " + stored + ", expected one of " + allowed + " after "
                        + list.stream().map(Write::describe).toList());
            }
        });
        return problems;
    }

    /** The last confirmed value (or "null": never set), and any value written unconfirmed after it. */
    private static Set<String> allowedValues(List<Write> inOrder) {
        int last = -1;
        for (int i = 0; i < inOrder.size(); i++) {
            if (inOrder.get(i).confirmed()) {
                last = i;
            }
        }
        var allowed = new LinkedHashSet<String>();
        allowed.add(last < 0 ? "null" : ((SettingChange) inOrder.get(last).change()).value());
        for (int i = last + 1; i < inOrder.size(); i++) {
            allowed.add(((SettingChange) inOrder.get(i).change()).value());
        }
        return allowed;
    }

    /** How the killed writes came out: how many had committed before the kill and how many left no trace. */
    String killedSummary(StoredState s) {
        int confirmedThenKilled = 0;
        int landed = 0;
        int absent = 0;
        for (var w : writes) {
            if (!w.killed()) {
                continue;
            }
            if (w.confirmed()) {
                confirmedThenKilled++;
            } else if (w.change().landed(s)) { // setting values are never reused: this one committed
                landed++;
            } else {
                absent++;
            }
        }
        return "killed writes: " + confirmedThenKilled + " after confirming, " + landed
                + " before confirming but committed, " + absent + " before committing (or overwritten since)";
    }
}
