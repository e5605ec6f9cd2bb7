package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The window's title names a release's version and nothing for other builds. No display. */
class AppIdentityTest {
    @Test
    void aReleaseShowsItsVersion() {
        assertEquals("Switchboard 1.0.0", AppIdentity.title("1.0.0"));
        assertEquals("Switchboard 2.13", AppIdentity.title("2.13"));
    }

    @Test
    void aBuildThatIsNoReleaseShowsTheNameAlone() {
        assertEquals("Switchboard", AppIdentity.title("0.1.0-SNAPSHOT"));
        assertEquals("Switchboard", AppIdentity.title("dev"));
        assertEquals("Switchboard", AppIdentity.title("1.0.0-rc1"));
        assertEquals("Switchboard", AppIdentity.title(null));
    }
}
