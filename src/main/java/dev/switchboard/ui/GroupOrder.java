package dev.switchboard.ui;

import dev.switchboard.discovery.SpeedCheck;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The groups side of the Models tab without Swing: which groups there are ({@code auto} first), a group's members
 * in the order requests try them, and every change of order or membership through the {@code EntryStore} calls
 * the CLI's {@code groups} command makes (positions are 1-based there, as here).
 */
final class GroupOrder {
    private GroupOrder() {
    }

    /** {@code auto} first, then the others by name (the store's own order). */
    static List<String> names(Snapshot snapshot) {
        var out = new ArrayList<String>();
        snapshot.group(Group.AUTO).ifPresent(g -> out.add(g.name()));
        snapshot.groups().stream().filter(g -> !g.isAuto()).forEach(g -> out.add(g.name()));
        return out;
    }

    /** The members of {@code group} in the order they are tried; empty when there is no such group. */
    static List<Entry> members(Snapshot snapshot, String group) {
        var byId = new HashMap<Long, Entry>();
        snapshot.entries().forEach(e -> byId.put(e.id(), e));
        return snapshot.group(group).map(Group::memberIds).orElse(List.of()).stream()
                .map(byId::get).filter(e -> e != null).toList();
    }

    /**
     * The group to show after the groups were read again: the one shown before while it exists (as the store now
     * spells it), else the first ({@code auto}); null when there are none.
     */
    static String keep(List<String> names, String shown) {
        return names.stream().filter(n -> n.equalsIgnoreCase(shown)).findFirst()
                .orElse(names.isEmpty() ? null : names.get(0));
    }

    /**
     * Which moves apply to the member at list {@code index} (-1: none selected) of {@code size}.
     *
     * @param earlier to the top, or one place up: not for the first
     * @param later   one place down: not for the last
     * @param remove  out of the group: any member
     */
    record Moves(boolean earlier, boolean later, boolean remove) {
    }

    static Moves moves(int index, int size) {
        return new Moves(index > 0, index >= 0 && index < size - 1, index >= 0);
    }

    static boolean deletable(Snapshot snapshot, String group) {
        return snapshot.group(group).map(g -> !g.builtin()).orElse(false);
    }

    /** Moves {@code entryId} to the 1-based {@code position}; the others keep their order. */
    static Group moveTo(Store store, String group, long entryId, int position) {
        return store.entries().moveMember(group, EntryRows.ref(entryId), position);
    }

    static Group toTop(Store store, String group, long entryId) {
        return moveTo(store, group, entryId, 1);
    }

    /** One place earlier; the first stays first. */
    static Group up(Store store, String group, long entryId) {
        int at = position(store, group, entryId);
        return moveTo(store, group, entryId, Math.max(1, at - 1));
    }

    /** One place later; the last stays last. */
    static Group down(Store store, String group, long entryId) {
        var g = store.entries().group(group);
        int at = position(g, entryId);
        return moveTo(store, group, entryId, Math.min(g.memberIds().size(), at + 1));
    }

    private static int position(Store store, String group, long entryId) {
        return position(store.entries().group(group), entryId);
    }

    /** 1-based place of {@code entryId} in {@code g}; the store says "not in the group" when it is not. */
    private static int position(Group g, long entryId) {
        int i = g.memberIds().indexOf(entryId);
        return i < 0 ? 1 : i + 1;
    }

    /**
     * Where a member dragged from list index {@code from} lands when dropped at insertion index {@code dropIndex}
     * (0 = before the first, size = after the last), as the 1-based position {@code moveMember} takes. The member
     * leaves its old place first, so a drop below it lands one place higher than the index says.
     */
    static int dropPosition(int from, int dropIndex, int size) {
        int index = dropIndex > from ? dropIndex - 1 : dropIndex;
        return Math.max(1, Math.min(size, index + 1));
    }

    /**
     * Adds entries to the end of {@code group} (or from the 1-based {@code position} on, when not null), in the
     * order given, skipping those already in it.
     *
     * @return how many were added
     */
    static int add(Store store, String group, List<Long> entryIds, Integer position) {
        var present = store.entries().group(group).memberIds();
        int added = 0;
        for (var id : entryIds) {
            if (present.contains(id)) {
                continue;
            }
            store.entries().addMember(group, EntryRows.ref(id), position == null ? null : position + added);
            added++;
        }
        return added;
    }

    static Group remove(Store store, String group, long entryId) {
        return store.entries().removeMember(group, EntryRows.ref(entryId));
    }

    /** The store validates the name and refuses a duplicate; its message is what the person sees. */
    static Group create(Store store, String name) {
        return store.entries().createGroup(name);
    }

    static Group delete(Store store, String name) {
        return store.entries().deleteGroup(name);
    }

    /** The speed test's {@code --order-auto}: by every entry's latest result, fastest first, failed last. */
    static Group orderAutoBySpeed(Store store) {
        return SpeedCheck.orderAuto(store);
    }
}
