package dev.switchboard.ui;

import java.awt.Component;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A shell that records what a tab asked of the window, as "applyTheme dark", "restartGateway", "copy …". */
final class RecordingShell implements Shell {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public Component window() {
        return null;
    }

    @Override
    public void applyTheme(String setting) {
        calls.add("applyTheme " + setting);
    }

    @Override
    public void applyLanguage(String setting) {
        calls.add("applyLanguage " + setting);
    }

    @Override
    public void restartGateway() {
        calls.add("restartGateway");
    }

    @Override
    public void selectTab(String id) {
        calls.add("selectTab " + id);
    }

    @Override
    public void copy(String text) {
        calls.add("copy " + text);
    }
}
