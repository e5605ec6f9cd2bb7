package dev.switchboard.ui;

import dev.switchboard.connect.Agent;
import dev.switchboard.connect.ConnectException;
import dev.switchboard.connect.Connector;
import dev.switchboard.connect.Locations;
import dev.switchboard.connect.Target;
import dev.switchboard.connect.Targets;
import dev.switchboard.service.GatewayState;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What the Connect tab's Apply and Undo buttons do, without Swing: the same {@link Connector} the CLI's
 * {@code connect} uses. A click first gets a {@link Preview} (the diff, or why it cannot be done), the tab shows
 * it for confirmation, and only then is it carried out, with the target the person saw.
 */
final class ConnectPresenter {
    private final Connector connector;
    private final Supplier<Target> target;
    private final Messages text;

    ConnectPresenter(Connector connector, Supplier<Target> target, Messages text) {
        this.connector = connector;
        this.target = target;
        this.text = text;
    }

    /** For the window: the person's home and environment, the running gateway's address (else the settings'). */
    static ConnectPresenter forDesktop(UiContext ctx) {
        var connector = new Connector(Locations.of(System.getenv(), Path.of(System.getProperty("user.home"))),
                ctx.app().folder());
        return new ConnectPresenter(connector, () -> {
            var state = ctx.app().state();
            var running = state instanceof GatewayState.Running r ? r.baseUrl() : null;
            var snapshot = ctx.snapshot();
            return Targets.of(running, snapshot.settings(), snapshot.accessKeys(), null);
        }, ctx.text());
    }

    /**
     * What a click would do.
     *
     * @param diff    the unified diff to confirm (keys masked); empty when there is nothing to change
     * @param problem why it cannot be done (nothing is written then), or null
     */
    record Preview(Agent agent, boolean undo, Target target, String diff, String problem) {
        boolean nothingToDo() {
            return problem == null && diff.isEmpty();
        }
    }

    Preview previewApply(Agent agent) {
        try {
            var t = target.get();
            return new Preview(agent, false, t, connector.plan(agent, t).diff(t), null);
        } catch (ConnectException | UncheckedIOException e) {
            return new Preview(agent, false, null, "", failed(agent, e));
        }
    }

    Preview previewUndo(Agent agent) {
        try {
            return new Preview(agent, true, null, connector.undoPlan(agent).diff(maskingTarget()), null);
        } catch (ConnectException | UncheckedIOException e) {
            return new Preview(agent, true, null, "", failed(agent, e));
        }
    }

    /** The target whose access key an undo's diff masks (the files may hold it); null when there is none. */
    private Target maskingTarget() {
        try {
            return target.get();
        } catch (ConnectException e) {
            return null;
        }
    }

    /** Carries out a confirmed preview; returns what to tell the person. */
    String carryOut(Preview preview) {
        var agent = preview.agent();
        if (preview.problem() != null) {
            return preview.problem();
        }
        if (preview.nothingToDo()) {
            return text.get("connect.agent.already", agent.displayName());
        }
        try {
            if (preview.undo()) {
                connector.undo(agent);
                return text.get("connect.agent.undone", agent.displayName());
            }
            connector.apply(agent, preview.target());
            return text.get("connect.agent.applied", agent.displayName());
        } catch (ConnectException | UncheckedIOException e) {
            return failed(agent, e);
        }
    }

    /** Undo is possible only where Switchboard kept a backup. */
    boolean canUndo(Agent agent) {
        return connector.hasBackup(agent);
    }

    String state(Agent agent) {
        return text.get(canUndo(agent) ? "connect.agent.state.changed" : "connect.agent.state.untouched");
    }

    private String failed(Agent agent, RuntimeException e) {
        return text.get("connect.agent.failed", agent.displayName(), e.getMessage());
    }
}
