package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Entry;
import dev.switchboard.store.SpeedTestStore;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group order and membership through the presenter, checked in the store. */
class GroupOrderTest {
    static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

    @TempDir
    Path dir;

    private Store store;
    private Entry a;
    private Entry b;
    private Entry c;

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.QUICK, Clock.fixed(NOW, ZoneOffset.UTC));
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "http://127.0.0.1:9/v1",
                List.of("test-key-alpha")));
        a = store.entries().add("relay", "model-a", null, true);
        b = store.entries().add("relay", "model-b", null, true);
        c = store.entries().add("relay", "model-c", null, true);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<Long> auto() {
        return store.entries().group("auto").memberIds();
    }

    @Test
    void autoComesFirstThenTheOtherGroupsByName() {
        store.entries().createGroup("zeta");
        store.entries().createGroup("Alpha");
        assertEquals(List.of("auto", "Alpha", "zeta"), GroupOrder.names(store.snapshot()));
    }

    @Test
    void membersAreListedInTheOrderTheyAreTried() {
        store.entries().moveMember("auto", "#" + c.id(), 1);
        assertEquals(List.of(c, a, b), GroupOrder.members(store.snapshot(), "auto"));
        assertEquals(List.of(), GroupOrder.members(store.snapshot(), "no-such-group"));
    }

    @Test
    void toTopUpAndDownChangeTheOrderInTheStore() {
        GroupOrder.toTop(store, "auto", c.id());
        assertEquals(List.of(c.id(), a.id(), b.id()), auto());
        GroupOrder.down(store, "auto", c.id());
        assertEquals(List.of(a.id(), c.id(), b.id()), auto());
        GroupOrder.up(store, "auto", b.id());
        assertEquals(List.of(a.id(), b.id(), c.id()), auto());
    }

    @Test
    void theEndsStayPut() {
        GroupOrder.up(store, "auto", a.id());
        GroupOrder.down(store, "auto", c.id());
        assertEquals(List.of(a.id(), b.id(), c.id()), auto());
    }

    @Test
    void moveToTakesAOneBasedPosition() {
        GroupOrder.moveTo(store, "auto", a.id(), 3);
        assertEquals(List.of(b.id(), c.id(), a.id()), auto());
        var e = assertThrows(StoreException.class, () -> GroupOrder.moveTo(store, "auto", a.id(), 4));
        assertTrue(e.getMessage().contains("use 1 to 3"), e.getMessage());
    }

    @Test
    void aDropBelowTheDraggedMemberLandsOnePlaceHigherThanItsIndex() {
        // [a, b, c]: a dropped between b and c (insertion index 2) becomes the 2nd member
        assertEquals(2, GroupOrder.dropPosition(0, 2, 3));
        // a dropped after c (index 3) becomes the last
        assertEquals(3, GroupOrder.dropPosition(0, 3, 3));
        // c dropped before a (index 0) becomes the first
        assertEquals(1, GroupOrder.dropPosition(2, 0, 3));
        // b dropped on its own place either side stays 2nd
        assertEquals(2, GroupOrder.dropPosition(1, 1, 3));
        assertEquals(2, GroupOrder.dropPosition(1, 2, 3));
    }

    @Test
    void aDropMovesTheMemberInTheStore() {
        GroupOrder.moveTo(store, "auto", a.id(), GroupOrder.dropPosition(0, 2, 3));
        assertEquals(List.of(b.id(), a.id(), c.id()), auto());
    }

    @Test
    void addingSkipsMembersAlreadyThereAndKeepsTheGivenOrder() {
        store.entries().createGroup("fast");
        assertEquals(2, GroupOrder.add(store, "fast", List.of(c.id(), a.id()), null));
        assertEquals(1, GroupOrder.add(store, "fast", List.of(a.id(), b.id()), 1));
        assertEquals(List.of(b.id(), c.id(), a.id()), store.entries().group("fast").memberIds());
        assertEquals(0, GroupOrder.add(store, "fast", List.of(a.id()), null));
    }

    @Test
    void removingTakesAnEntryOutOfOneGroupOnly() {
        store.entries().createGroup("fast");
        GroupOrder.add(store, "fast", List.of(a.id()), null);
        GroupOrder.remove(store, "fast", a.id());
        assertEquals(List.of(), store.entries().group("fast").memberIds());
        assertTrue(auto().contains(a.id()));
    }

    @Test
    void groupNamesAreValidatedByTheStore() {
        var e = assertThrows(StoreException.class, () -> GroupOrder.create(store, "a/b"));
        assertTrue(e.getMessage().contains("cannot contain '/'"), e.getMessage());
        assertThrows(StoreException.class, () -> GroupOrder.create(store, "AUTO"));
        GroupOrder.create(store, "coding");
        assertTrue(GroupOrder.names(store.snapshot()).contains("coding"));
    }

    @Test
    void autoCannotBeDeletedOtherGroupsCan() {
        GroupOrder.create(store, "coding");
        var snapshot = store.snapshot();
        assertFalse(GroupOrder.deletable(snapshot, "auto"));
        assertTrue(GroupOrder.deletable(snapshot, "coding"));
        assertThrows(StoreException.class, () -> GroupOrder.delete(store, "auto"));
        GroupOrder.delete(store, "coding");
        assertEquals(List.of("auto"), GroupOrder.names(store.snapshot()));
    }

    @Test
    void orderingAutoBySpeedPutsTheFastestFirstAndFailuresLast() {
        store.speedTests().add(new SpeedTestStore.Result(a.id(), NOW, false, null, null, "credential", "HTTP 401"));
        store.speedTests().add(new SpeedTestStore.Result(c.id(), NOW, true, 50L, 300L, "success", null));
        GroupOrder.orderAutoBySpeed(store);
        assertEquals(List.of(c.id(), b.id(), a.id()), auto());
    }

    @Test
    void afterARereadTheShownGroupStaysWhileItExistsElseAutoIsShown() {
        var names = List.of("auto", "Coding", "fast");
        assertEquals("Coding", GroupOrder.keep(names, "coding"), "as the store spells it now");
        assertEquals("auto", GroupOrder.keep(names, "deleted-meanwhile"));
        assertEquals("auto", GroupOrder.keep(names, null));
        assertEquals(null, GroupOrder.keep(List.of(), "auto"));
    }

    @Test
    void theFirstMemberCannotMoveUpTheLastNotDownAndNoSelectionNowhere() {
        assertEquals(new GroupOrder.Moves(false, true, true), GroupOrder.moves(0, 3));
        assertEquals(new GroupOrder.Moves(true, true, true), GroupOrder.moves(1, 3));
        assertEquals(new GroupOrder.Moves(true, false, true), GroupOrder.moves(2, 3));
        assertEquals(new GroupOrder.Moves(false, false, true), GroupOrder.moves(0, 1));
        assertEquals(new GroupOrder.Moves(false, false, false), GroupOrder.moves(-1, 3));
    }
}
